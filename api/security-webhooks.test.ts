// Issue 10, finding 4, as the hostile request that showed it: one signed webhook delivery sent
// five times stored five events. Now it stores one; an old or unstamped signature is refused.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let secret: string;
before(async () => {
  h = await createHarness();
  const res = await h.api('/v1/webhook-sources', {
    body: { name: 'replayed', authMode: 'hmac-sha256', defaultEventType: 'crm_update' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  secret = res.body.secret;
});
after(() => h?.close());

const deliver = (body: string, headers: Record<string, string>) =>
  fetch(`${h.apiUrl}/v1/webhooks/replayed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
const signed = (body: string, timestamp: number) => ({
  'x-herald-timestamp': String(timestamp),
  'x-herald-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
});
const eventsOf = async (externalId: string) =>
  (
    await h
      .db('events')
      .join('customers', 'customers.id', 'events.customer_id')
      .where({ 'customers.external_id': externalId })
  ).length;

test('one signed delivery sent five times stores one event', async () => {
  const body = JSON.stringify({ externalId: 'replay-1', properties: { stage: 'lead' } });
  const headers = signed(body, Math.floor(Date.now() / 1000));
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await deliver(body, headers)).status);
  assert.deepEqual(statuses, [202, 409, 409, 409, 409]);
  assert.equal(await eventsOf('replay-1'), 1);
});

test('a signature older than the tolerance window, or without a timestamp, is refused', async () => {
  const body = JSON.stringify({ externalId: 'replay-2' });
  const stale = await deliver(body, signed(body, Math.floor(Date.now() / 1000) - 600));
  assert.equal(stale.status, 401);
  assert.match(
    ((await stale.json()) as { error: { message: string } }).error.message,
    /300 seconds/,
  );
  const { 'x-herald-signature': signature } = signed(body, Math.floor(Date.now() / 1000));
  const unstamped = await deliver(body, { 'x-herald-signature': signature });
  assert.equal(unstamped.status, 401);
  // The old scheme (the body alone signed) is no longer accepted.
  const bodyOnly = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const legacy = await deliver(body, {
    'x-herald-timestamp': String(Math.floor(Date.now() / 1000)),
    'x-herald-signature': bodyOnly,
  });
  assert.equal(legacy.status, 401);
  assert.equal(await eventsOf('replay-2'), 0);
});
