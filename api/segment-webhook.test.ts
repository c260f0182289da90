// Herald as a Segment destination: Segment's webhook destination posts one message per request,
// signed with X-Signature (hex HMAC-SHA1 of the body with the shared secret). Against the real
// api, Postgres and Temporal: messages start campaigns, a replay counts once, bad signatures and
// unknown sources are refused.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { entriesOf, publishStartingOn } from '../scripts/testing/fixtures.ts';
import { customerIdOf } from '../scripts/testing/metrics.ts';

let h: Harness;
let secret: string;
let webhookUrl: string;

before(async () => {
  h = await createHarness({ logLevel: 'silent' });
  const res = await h.api('/v1/segment-sources', { body: { name: 'segment-prod' } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  secret = res.body.webhookSecret;
  webhookUrl = res.body.endpoints.webhookUrl;
  assert.equal(new URL(webhookUrl).pathname, '/v1/segment/webhook/segment-prod');
});
after(() => h.close());

/** A message as Segment's webhook destination forwards it: the whole message, as Segment stored it. */
const message = (over: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Signed Up',
  userId: 'dest-1',
  anonymousId: randomUUID(),
  messageId: `ajs-next-${randomUUID()}`,
  properties: { plan: 'trial' },
  context: { ip: '198.51.100.4', library: { name: 'analytics.js', version: 'next-1.70.0' } },
  timestamp: new Date().toISOString(),
  receivedAt: new Date().toISOString(),
  sentAt: new Date().toISOString(),
  integrations: {},
  ...over,
});

async function deliver(body: string, signature?: string, url = webhookUrl) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Segment.io/1.0',
      ...(signature !== undefined && { 'x-signature': signature }),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const sign = (body: string, key = secret) => createHmac('sha1', key).update(body).digest('hex');

describe("Segment's webhook destination", () => {
  test('a signed message starts a campaign; the same delivery again counts once', async () => {
    const campaignId = await publishStartingOn(h, 'signed_up');
    const body = JSON.stringify(message());
    const res = await deliver(body, sign(body));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.success, true);
    assert.equal(res.body.duplicate, false);
    const event = await h.db('events').where({ id: res.body.eventId }).first();
    assert.equal(event.type, 'signed_up');
    assert.equal(event.source, 'segment:segment-prod');
    assert.equal(event.properties.plan, 'trial');
    // The visitor's address is the message's own, not that of Segment's servers.
    assert.equal(event.properties.context.ip, '198.51.100.4');
    const customerId = await customerIdOf(h, 'dest-1');
    assert.equal((await entriesOf(h, campaignId, customerId)).length, 1);

    // Segment retries on a lost answer; a captured delivery replayed is the same bytes.
    const again = await deliver(body, sign(body));
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
    assert.equal(again.body.eventId, res.body.eventId);
    assert.equal(
      (await h.db('events').where({ customer_id: customerId, type: 'signed_up' })).length,
      1,
    );
    assert.equal((await entriesOf(h, campaignId, customerId)).length, 1);
  });

  test('a replayed identify cannot put back traits changed since', async () => {
    const first = JSON.stringify(
      message({
        type: 'identify',
        event: undefined,
        userId: 'dest-2',
        traits: { email: 'old@example.com' },
      }),
    );
    const second = JSON.stringify(
      message({
        type: 'identify',
        event: undefined,
        userId: 'dest-2',
        traits: { email: 'new@example.com' },
      }),
    );
    assert.equal((await deliver(first, sign(first))).status, 200);
    assert.equal((await deliver(second, sign(second))).status, 200);
    const replay = await deliver(first, sign(first));
    assert.equal(replay.status, 200);
    assert.equal(replay.body.duplicate, true);
    const customer = await h.db('customers').where({ external_id: 'dest-2' }).first();
    assert.equal(customer.email, 'new@example.com');
  });

  test('a missing or wrong signature is a 401; an unknown source a 404; no messageId a 400', async () => {
    const body = JSON.stringify(message({ userId: 'dest-3' }));
    assert.equal((await deliver(body)).status, 401);
    assert.equal((await deliver(body, sign(body, 'not-the-secret'))).status, 401);
    const tampered = body.replace('trial', 'enterprise');
    const res = await deliver(tampered, sign(body));
    assert.equal(res.status, 401);
    assert.match(res.body.error.message, /X-Signature/);
    const unknown = webhookUrl.replace('segment-prod', 'no-such-source');
    assert.equal((await deliver(body, sign(body), unknown)).status, 404);
    const anonymous = JSON.stringify(message({ userId: 'dest-3', messageId: undefined }));
    const missing = await deliver(anonymous, sign(anonymous));
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.problems[0].field, 'messageId');
    assert.equal(await h.db('customers').where({ external_id: 'dest-3' }).first(), undefined);
  });
});
