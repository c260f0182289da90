// Issue 10, finding 1, as the hostile requests that showed it: with a site's public key (it is in
// every page) and a forged Origin header, identify for another customer's external ID replaced
// their email and name, and the attacker's later events landed on them. identify now needs the
// user hash the site's server signs with the site's identity secret.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { userHash } from '../core/tracker-identity.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
const origin = 'https://shop.example.test';
let site: { site: { id: string; publicKey: string }; identitySecret: string };

before(async () => {
  h = await createHarness();
  const created = await h.api('/v1/tracker-sites', {
    body: { name: 'Shop', allowedOrigins: [origin] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  site = created.body;
});
after(() => h?.close());

/** What an attacker's script sends: the page's public key, the shop's Origin forged. */
const collect = async (body: object, key = site.site.publicKey) => {
  const res = await fetch(`${h.apiUrl}/track/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin },
    body: JSON.stringify({ key, ...body }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

const victim = async (externalId: string) => {
  const res = await h.api('/v1/events', {
    body: {
      type: 'signed_up',
      externalId,
      customer: { email: `${externalId}@example.com`, firstName: 'Vera' },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return h.db('customers').where({ external_id: externalId }).first();
};

test("identify for another customer's external ID, unsigned or forged, changes nothing", async () => {
  const before = await victim('victim-1');
  const other = await h.api('/v1/tracker-sites', {
    body: { name: 'Attacker site', allowedOrigins: ['https://evil.example.test'] },
  });
  const forgedHashes = [
    undefined,
    'ab'.repeat(32),
    userHash(other.body.identitySecret, 'victim-1'), // signed, but by another site's secret
    userHash(site.identitySecret, 'victim-10'), // signed, but for another external ID
  ];
  for (const [i, hash] of forgedHashes.entries()) {
    const visitorId = `mallory-visitor-${i}`;
    const takeover = await collect({
      type: 'identify',
      visitorId,
      externalId: 'victim-1',
      userHash: hash,
      customer: { email: 'mallory@evil.example', firstName: 'Mallory' },
    });
    assert.equal(takeover.status, 403, JSON.stringify(takeover.body));
    assert.equal(takeover.body.error.code, 'identity_not_verified');
    assert.equal(takeover.body.error.problems[0].field, 'userHash');
    // The attacker's later events stay on their own anonymous profile.
    assert.equal((await collect({ type: 'page_view', visitorId, eventId: 'e1' })).status, 202);
    const visitor = await h.db('tracker_visitors').where({ visitor_id: visitorId }).first();
    assert.notEqual(visitor.customer_id, before.id);
    assert.equal(visitor.identified, false);
  }
  const after = await h.db('customers').where({ id: before.id }).first();
  assert.equal(after.email, 'victim-1@example.com');
  assert.equal(after.first_name, 'Vera');
  const types = await h.db('events').where({ customer_id: before.id }).pluck('type');
  assert.deepEqual(types, ['signed_up'], 'no event of the attacker landed on the victim');
});

test('a user hash from the site joins the visitor; a renewed secret retires old hashes', async () => {
  const known = await victim('shopper-2');
  const visitorId = 'shopper-visitor-2';
  assert.equal((await collect({ type: 'page_view', visitorId, eventId: 'p1' })).status, 202);
  const joined = await collect({
    type: 'identify',
    visitorId,
    externalId: 'shopper-2',
    userHash: userHash(site.identitySecret, 'shopper-2'),
    customer: { firstName: 'Sam' },
  });
  assert.equal(joined.status, 202, JSON.stringify(joined.body));
  assert.deepEqual(joined.body, { customerId: known.id, eventsMerged: 1 });
  assert.equal((await h.db('customers').where({ id: known.id }).first()).first_name, 'Sam');

  const renewed = await h.api(`/v1/tracker-sites/${site.site.id}/identity-secret`, { body: {} });
  assert.equal(renewed.status, 201, JSON.stringify(renewed.body));
  assert.notEqual(renewed.body.identitySecret, site.identitySecret);
  const stale = await collect({
    type: 'identify',
    visitorId: 'shopper-visitor-3',
    externalId: 'shopper-2',
    userHash: userHash(site.identitySecret, 'shopper-2'),
  });
  assert.equal(stale.status, 403);
  site.identitySecret = renewed.body.identitySecret;
  const fresh = await collect({
    type: 'identify',
    visitorId: 'shopper-visitor-3',
    externalId: 'shopper-2',
    userHash: userHash(site.identitySecret, 'shopper-2'),
  });
  assert.equal(fresh.status, 202, JSON.stringify(fresh.body));
  const missing = await h.api(
    `/v1/tracker-sites/00000000-0000-4000-8000-000000000000/identity-secret`,
    {
      body: {},
    },
  );
  assert.equal(missing.status, 404);
});

test('a site from before identity secrets refuses identify until it has one', async () => {
  const old = await h.api('/v1/tracker-sites', {
    body: { name: 'Old shop', allowedOrigins: [origin] },
  });
  // As migration 0032 leaves the sites created before it.
  await h
    .db('tracker_sites')
    .where({ id: old.body.site.id })
    .update({ identity_secret_encrypted: null });
  const listed = await h.api('/v1/tracker-sites');
  const row = listed.body.sites.find((s: { id: string }) => s.id === old.body.site.id);
  assert.equal(row.identityVerification, false);
  const refused = await collect(
    {
      type: 'identify',
      visitorId: 'old-visitor-1',
      externalId: 'someone',
      userHash: 'ab'.repeat(32),
    },
    old.body.site.publicKey,
  );
  assert.equal(refused.status, 403);
  assert.match(refused.body.error.message, /identity-secret/);
});
