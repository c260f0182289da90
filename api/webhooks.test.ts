// Webhooks end to end: sources with a token or an HMAC secret, events that start campaigns,
// duplicate deliveries, bad signatures and bad events, against the real api, Postgres and Temporal.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { entriesOf, publishWelcome } from '../scripts/testing/fixtures.ts';

let h: Harness;
let welcomeId: string;

before(async () => {
  h = await createHarness();
  await h.startWorker();
  welcomeId = await publishWelcome(h);
});
after(() => h.close());

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${h.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The signature headers of one delivery: HMAC-SHA256 of "<unix seconds>.<body>". */
const sign = (secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
  'x-herald-timestamp': String(timestamp),
  'x-herald-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
});

describe('a token source', () => {
  let token: string;
  before(async () => {
    const res = await h.api('/v1/webhook-sources', {
      body: { name: 'shopify', authMode: 'token' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    token = res.body.token;
    assert.match(token, /^whk_/);
  });

  test('creates an event that starts a campaign, recorded with its source', async () => {
    const body = JSON.stringify({
      type: 'signed_up',
      externalId: 'wh-1',
      idempotencyKey: 'delivery-1',
      customer: { email: 'wh1@example.com', firstName: 'Wes' },
    });
    const res = await post('/v1/webhooks/shopify', body, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.journeysStarted[0].campaignId, welcomeId);
    const event = await h.db('events').where({ id: res.body.id }).first();
    assert.equal(event.source, 'webhook:shopify');
    await h.smtp.waitFor((m) => m.subject === 'Welcome to Herald Shop, Wes!');

    const again = await post('/v1/webhooks/shopify', body, { authorization: `Bearer ${token}` });
    assert.equal(again.status, 202);
    assert.equal(again.body.duplicate, true);
    assert.equal(again.body.id, res.body.id);
    assert.equal((await h.db('events').where({ customer_id: res.body.customerId })).length, 1);
    assert.equal((await entriesOf(h, welcomeId, res.body.customerId)).length, 1);
  });

  test('refuses a wrong token, a missing token and an API key with 401', async () => {
    const body = JSON.stringify({ type: 'x', externalId: 'wh-2' });
    for (const auth of [`Bearer whk_wrong`, undefined, `Bearer ${h.apiKey}`]) {
      const res = await post('/v1/webhooks/shopify', body, auth ? { authorization: auth } : {});
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.match(res.body.error.message, /token/);
    }
    assert.equal(await h.db('customers').where({ external_id: 'wh-2' }).first(), undefined);
  });

  test('a batch keeps the good events and names the bad one', async () => {
    const body = JSON.stringify({
      events: [
        { type: 'order_paid', externalId: 'wh-3' },
        { type: 'bad type!', externalId: 'wh-3' },
        { type: 'order_paid' },
      ],
    });
    const res = await post('/v1/webhooks/shopify', body, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 207, JSON.stringify(res.body));
    assert.equal(res.body.accepted, 1);
    assert.equal(res.body.results[1].error.problems[0].field, 'events.1.type');
    assert.equal(res.body.results[2].error.problems[0].field, 'events.2.customerId');
  });

  test('an unknown source is 404 and bad JSON is 400', async () => {
    const missing = await post('/v1/webhooks/nope', '{}', { authorization: `Bearer ${token}` });
    assert.equal(missing.status, 404);
    const bad = await post('/v1/webhooks/shopify', '{not json', {
      authorization: `Bearer ${token}`,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.problems[0].field, '(body)');
  });
});

describe('an hmac-sha256 source', () => {
  let secret: string;
  before(async () => {
    const res = await h.api('/v1/webhook-sources', {
      body: { name: 'crm', authMode: 'hmac-sha256', defaultEventType: 'crm_update' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    secret = res.body.secret;
  });

  test('never shows or stores the secret in the clear', async () => {
    const list = await h.api('/v1/webhook-sources');
    assert.doesNotMatch(JSON.stringify(list.body), new RegExp(secret));
    const row = await h.db('webhook_sources').where({ name: 'crm' }).first();
    assert.doesNotMatch(JSON.stringify(row), new RegExp(secret));
  });

  test('accepts a signed body, using the default event type', async () => {
    const body = JSON.stringify([{ externalId: 'crm-1', properties: { stage: 'lead' } }]);
    const res = await post('/v1/webhooks/crm', body, sign(secret, body));
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const event = await h.db('events').where({ id: res.body.results[0].id }).first();
    assert.equal(event.type, 'crm_update');
    assert.equal(event.source, 'webhook:crm');
  });

  test('refuses a body signed with another secret or changed after signing', async () => {
    const body = JSON.stringify({ externalId: 'crm-2' });
    const wrong = await post('/v1/webhooks/crm', body, sign('whsec_other', body));
    assert.equal(wrong.status, 401);
    const tampered = await post(
      '/v1/webhooks/crm',
      body.replace('crm-2', 'crm-3'),
      sign(secret, body),
    );
    assert.equal(tampered.status, 401);
    assert.match(tampered.body.error.message, /signature/);
    const unsigned = await post('/v1/webhooks/crm', body, {});
    assert.equal(unsigned.status, 401);
  });

  test('a revoked source stops accepting', async () => {
    const row = await h.db('webhook_sources').where({ name: 'crm' }).first();
    assert.equal((await h.api(`/v1/webhook-sources/${row.id}`, { method: 'DELETE' })).status, 204);
    const body = JSON.stringify({ externalId: 'crm-4' });
    const res = await post('/v1/webhooks/crm', body, sign(secret, body));
    assert.equal(res.status, 404);
  });
});

test('source names are validated and unique', async () => {
  const bad = await h.api('/v1/webhook-sources', {
    body: { name: 'Has Space', authMode: 'basic' },
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.problems.map((p: { field: string }) => p.field).sort(), [
    'authMode',
    'name',
  ]);
  const dup = await h.api('/v1/webhook-sources', { body: { name: 'shopify', authMode: 'token' } });
  assert.equal(dup.status, 409);
});
