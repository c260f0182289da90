// Issue 10, finding 6 (CSRF half), as the hostile requests that showed it: with the session
// cookie and a foreign Origin, a form-encoded erase, a text/plain import and a body-less archive
// all succeeded. A change authenticated by the cookie must now come from Herald's own pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { upsertUser } from '../db/auth.ts';
import { createDraftCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let cookie: string;
let customerId: string;
let campaignId: string;

before(async () => {
  h = await createHarness();
  const user = { email: 'csrf@herald.local', password: 'correct horse', name: 'Cee' };
  await upsertUser(h.db, user);
  const signIn = await fetch(`${h.apiUrl}/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  assert.equal(signIn.status, 200);
  cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
  const event = await h.api('/v1/events', {
    body: { type: 'signed_up', externalId: 'csrf-1', customer: { email: 'csrf-1@example.com' } },
  });
  customerId = event.body.customerId;
  campaignId = await createDraftCampaign(h, 'CSRF draft');
});
after(() => h?.close());

/** A request as a foreign page makes the browser send it: the cookie attached, its headers. */
const forged = (path: string, headers: Record<string, string>, body?: string) =>
  fetch(`${h.apiUrl}${path}`, { method: 'POST', headers: { cookie, ...headers }, body });

test('cookie-authenticated changes from another site are refused and change nothing', async () => {
  const evil = { origin: 'https://evil.example' };
  const attempts = [
    forged(
      `/v1/customers/${customerId}/erase`,
      {
        ...evil,
        'content-type': 'application/x-www-form-urlencoded',
      },
      'confirm=1',
    ),
    forged(
      '/v1/imports?kind=customers',
      { ...evil, 'content-type': 'text/plain' },
      'externalId,email\nx,x@evil.example\n',
    ),
    forged(`/v1/campaigns/${campaignId}/archive`, evil),
    // Without Origin, the browser's Sec-Fetch-Site still tells.
    forged(`/v1/campaigns/${campaignId}/archive`, { 'sec-fetch-site': 'cross-site' }),
    forged(`/v1/campaigns/${campaignId}/archive`, { 'sec-fetch-site': 'same-site' }),
    forged(`/v1/campaigns/${campaignId}/archive`, { origin: 'null' }),
  ];
  for (const res of await Promise.all(attempts)) {
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(res.status, 403, JSON.stringify(body));
    assert.equal(body.error.code, 'cross_site_request');
    assert.match(body.error.message, /API key/);
  }
  const customer = await h.db('customers').where({ id: customerId }).first();
  assert.equal(customer.email, 'csrf-1@example.com', 'not erased');
  assert.equal(Number((await h.db('imports').count({ n: '*' }))[0]!.n), 0, 'nothing imported');
  const campaign = await h.api(`/v1/campaigns/${campaignId}`);
  assert.equal(campaign.body.campaign.status, 'draft', 'not archived');
});

test("Herald's own pages and API keys still change things", async () => {
  // Through the web app's proxy: no Origin reaches the api. From the api's own origin: allowed.
  const own = await forged(`/v1/campaigns/${campaignId}/archive`, {
    origin: h.apiUrl,
    'sec-fetch-site': 'same-origin',
  });
  assert.equal(own.status, 200, await own.text());
  // An API key is no ambient credential: a foreign Origin does not matter.
  const withKey = await fetch(`${h.apiUrl}/v1/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${h.apiKey}`,
      origin: 'https://evil.example',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ type: 'page_view', externalId: 'csrf-1' }),
  });
  assert.equal(withKey.status, 202);
  // Reading with the cookie from anywhere is no change (CORS keeps the answer from the page).
  const read = await fetch(`${h.apiUrl}/v1/me`, {
    headers: { cookie, origin: 'https://evil.example' },
  });
  assert.equal(read.status, 200);
});

test('another site can neither sign the browser in nor out', async () => {
  const evil = { origin: 'https://evil.example', 'content-type': 'application/json' };
  const signIn = await fetch(`${h.apiUrl}/auth/session`, {
    method: 'POST',
    headers: evil,
    body: JSON.stringify({ email: 'csrf@herald.local', password: 'correct horse' }),
  });
  assert.equal(signIn.status, 403);
  assert.deepEqual(signIn.headers.getSetCookie(), [], 'no session cookie set');
  const signOut = await fetch(`${h.apiUrl}/auth/session`, {
    method: 'DELETE',
    headers: { ...evil, cookie },
  });
  assert.equal(signOut.status, 403);
  assert.equal(
    (await fetch(`${h.apiUrl}/v1/me`, { headers: { cookie } })).status,
    200,
    'still signed in',
  );
});
