// The public routes are rate limited per client address (issue 10): a flood of each, from one
// address, is refused with 429 and Retry-After past the limit, while another address is still
// served; and the count is shared by every api process on the same database.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../core/config.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { createApp } from './app.ts';

const LIMIT = 5;
const limits = {
  RATE_LIMIT_TRACKER: LIMIT,
  RATE_LIMIT_TRACKING_LINKS: LIMIT,
  RATE_LIMIT_WEBHOOKS: LIMIT,
  RATE_LIMIT_INVITES: LIMIT,
};
const origin = 'https://shop.example.test';

let h: Harness;
let siteKey: string;
let webhookToken: string;
before(async () => {
  h = await createHarness({ config: limits });
  const site = await h.api('/v1/tracker-sites', {
    body: { name: 'Shop', allowedOrigins: [origin] },
  });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  siteKey = site.body.site.publicKey;
  const source = await h.api('/v1/webhook-sources', {
    body: { name: 'crm', authMode: 'token', defaultEventType: 'crm_update' },
  });
  assert.equal(source.status, 201, JSON.stringify(source.body));
  webhookToken = source.body.token;
});
after(() => h?.close());

/** A request as it reaches the api through a trusted (loopback) proxy, from `address`. */
type Call = (address: string, n: number) => Promise<Response>;
const from = (address: string, headers: Record<string, string> = {}) => ({
  'x-forwarded-for': address,
  ...headers,
});

const publicRoutes: { name: string; ok: number; call: Call; baseUrl?: string }[] = [
  {
    name: 'GET /tracker.js',
    ok: 200,
    call: (address) => fetch(`${h.apiUrl}/tracker.js?key=${siteKey}`, { headers: from(address) }),
  },
  {
    name: 'POST /track/collect',
    ok: 202,
    call: (address, n) =>
      fetch(`${h.apiUrl}/track/collect`, {
        method: 'POST',
        headers: from(address, { 'content-type': 'text/plain', origin }),
        body: JSON.stringify({
          key: siteKey,
          type: 'page_view',
          visitorId: `visitor-${address.replace(/\./g, '-')}`,
          eventId: `e-${n}`,
        }),
      }),
  },
  {
    name: 'OPTIONS /track/collect (the CORS preflight)',
    ok: 204,
    call: (address) =>
      fetch(`${h.apiUrl}/track/collect`, {
        method: 'OPTIONS',
        headers: from(address, { origin, 'access-control-request-method': 'POST' }),
      }),
  },
  {
    name: 'GET /t/o/{token}',
    ok: 200,
    call: (address, n) => fetch(`${h.apiUrl}/t/o/not-a-token-${n}`, { headers: from(address) }),
  },
  {
    name: 'GET /t/c/{token}',
    ok: 404,
    call: (address, n) =>
      fetch(`${h.apiUrl}/t/c/not-a-token-${n}?u=https://example.com/`, {
        headers: from(address),
        redirect: 'manual',
      }),
  },
  {
    name: 'POST /v1/webhooks/{source}',
    ok: 202,
    call: (address, n) =>
      fetch(`${h.apiUrl}/v1/webhooks/crm`, {
        method: 'POST',
        headers: from(address, {
          'content-type': 'application/json',
          authorization: `Bearer ${webhookToken}`,
        }),
        body: JSON.stringify({ externalId: `crm-${address}-${n}` }),
      }),
  },
  {
    name: "POST /v1/segment/v1/track (Segment's SDKs)",
    ok: 401, // no such write key: refused, and counted all the same
    call: (address, n) =>
      fetch(`${h.apiUrl}/v1/segment/v1/track`, {
        method: 'POST',
        headers: from(address, {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('no-such-key:').toString('base64')}`,
        }),
        body: JSON.stringify({ userId: `u-${n}`, event: 'Signed Up' }),
      }),
  },
  {
    name: 'POST /auth/invite (an invite link looked up)',
    ok: 404,
    call: (address, n) =>
      fetch(`${h.apiUrl}/auth/invite`, {
        method: 'POST',
        headers: from(address, { 'content-type': 'application/json' }),
        body: JSON.stringify({ token: `guessed-token-${n}` }),
      }),
  },
];

for (const [i, r] of publicRoutes.entries()) {
  test(`a flood of ${r.name} from one address gets 429s; another address is still served`, async () => {
    const flooder = `198.51.100.${i + 1}`;
    const answers = await Promise.all(
      Array.from({ length: 4 * LIMIT }, (_, n) => r.call(flooder, n)),
    );
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === r.ok).length, LIMIT, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 3 * LIMIT, statuses.join(' '));
    const refused = answers.find((a) => a.status === 429)!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(
      ((await refused.json()) as { error: { code: string } }).error.code,
      'rate_limited',
    );

    const bystander = await r.call(`203.0.113.${i + 1}`, 0);
    assert.equal(bystander.status, r.ok, `another client is served by ${r.name}`);
    // The flooder is still refused, however its requests are spread.
    assert.equal((await r.call(flooder, 1000)).status, 429);
  });
}

test('a second api process on the same database shares the count', async () => {
  const second = createApp({
    db: h.db,
    temporal: h.temporal,
    log: pino({ level: 'silent' }),
    config: { ...loadConfig(), ...limits },
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => second.once('listening', resolve));
  const secondUrl = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
  try {
    const pixel = (base: string) =>
      fetch(`${base}/t/o/token`, { headers: from('192.0.2.99') }).then((r) => r.status);
    const first = [];
    for (let n = 0; n < LIMIT - 2; n++) first.push(await pixel(h.apiUrl));
    assert.deepEqual(first, Array(LIMIT - 2).fill(200));
    assert.deepEqual([await pixel(secondUrl), await pixel(secondUrl)], [200, 200]);
    assert.equal(
      await pixel(secondUrl),
      429,
      'the second process counted the first one’s requests',
    );
    assert.equal(await pixel(h.apiUrl), 429);
  } finally {
    second.closeAllConnections();
    await new Promise((resolve) => second.close(resolve));
  }
});

test('the sign-in keeps its own throttle: wrong passwords, not requests, are counted', async () => {
  const statuses = [];
  for (let n = 0; n < 2 * LIMIT; n++) {
    const res = await fetch(`${h.apiUrl}/auth/session`, {
      method: 'POST',
      headers: from('192.0.2.50', { 'content-type': 'application/json' }),
      body: JSON.stringify({ email: `nobody-${n}@example.com`, password: 'wrong-password' }),
    });
    statuses.push(res.status);
  }
  assert.deepEqual(statuses, Array(2 * LIMIT).fill(401));
});
