// The engine's nodes that talk to the world or wait on it, on Temporal's time-skipping test
// server with the real api, worker, Postgres and SMTP peer: an HTTP call to a real HTTP server
// (2xx, 4xx, retried 5xx), the abandoned-cart trigger, and conditions on metrics kept from
// receipts.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { CampaignGraphInput } from '../core/graph.ts';
import { finish, line, useEngineStack, waiting } from '../scripts/testing/engine-journeys.ts';
import { publishCampaign } from '../scripts/testing/fixtures.ts';
import { customerEventSignal } from './journey-api.ts';

const s = useEngineStack();
let http: Server;
let httpUrl: string;
const calls: { path: string; key: string; body: string }[] = [];

before(async () => {
  // An external system: /ok answers 200, /broken 500 every time, /refuse 400.
  http = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', key: String(req.headers['idempotency-key']), body });
      res.statusCode = req.url?.startsWith('/ok')
        ? 200
        : req.url?.startsWith('/refuse')
          ? 400
          : 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
after(() => http?.close());

test('an HTTP call leaves by success on 2xx, by failure on a 4xx at once or after retries on 5xx', async () => {
  const graph = (path: string): CampaignGraphInput => ({
    nodes: [
      { id: 'in', kind: 'trigger', eventType: `call_${path}` },
      {
        id: 'call',
        kind: 'httpCall',
        method: 'POST',
        url: `${httpUrl}/${path}?customer={{ customer.id }}`,
        body: '{"email": "{{ customer.email }}", "event": "{{ event.type }}"}',
      },
      { id: 'ok', kind: 'exit' },
      { id: 'failed', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'call' },
      { from: 'call', to: 'ok', exit: 'success' },
      { from: 'call', to: 'failed', exit: 'failure' },
    ],
  });
  for (const path of ['ok', 'refuse', 'broken'])
    await publishCampaign(s.h, `Call ${path}`, graph(path));
  const ok = await s.enter('call_ok', 'http-1');
  assert.deepEqual((await finish(ok)).path, ['call', 'ok']);
  const sent = calls.find((c) => c.path === `/ok?customer=${ok.customerId}`);
  assert.ok(sent, JSON.stringify(calls));
  assert.deepEqual(JSON.parse(sent.body), { email: 'http-1@example.com', event: 'call_ok' });
  assert.match(sent.key, /^journey:.*:call:1$/);

  const refused = await s.enter('call_refuse', 'http-2');
  assert.deepEqual((await finish(refused)).path, ['call', 'failed']);
  assert.equal(calls.filter((c) => c.path.startsWith('/refuse')).length, 1);

  const broken = await s.enter('call_broken', 'http-3');
  assert.deepEqual((await finish(broken)).path, ['call', 'failed']);
  const attempts = calls.filter((c) => c.path.startsWith('/broken'));
  assert.equal(attempts.length, 3);
  assert.equal(new Set(attempts.map((a) => a.key)).size, 1, 'every retry carries one key');
});

test('abandoned cart: a purchase within the period ends the journey; silence sends the reminder', async () => {
  const campaignId = await publishCampaign(s.h, 'Abandoned cart trigger', {
    nodes: [
      {
        id: 'in',
        kind: 'trigger',
        eventType: 'cart_updated',
        unlessWithin: { eventType: 'purchase', filters: [], within: { amount: 1, unit: 'hours' } },
      },
      { id: 'mail', kind: 'sendEmail', templateId: s.templateId },
      {
        id: 'wait',
        kind: 'waitForEvent',
        eventType: 'purchase',
        filters: [],
        timeout: { amount: 3, unit: 'days' },
      },
      { id: 'won', kind: 'exit' },
      { id: 'lost', kind: 'exit' },
    ],
    edges: [
      ...line('in', 'mail', 'wait'),
      { from: 'wait', to: 'won', exit: 'event' },
      { from: 'wait', to: 'lost', exit: 'timeout' },
    ],
    reentry: { kind: 'notWhileRunning' },
    goal: { eventType: 'purchase', filters: [] },
  });
  const bought = await s.enter('cart_updated', 'cart-1');
  assert.equal(await waiting(bought, 'in').then(Boolean), true);
  await bought.handle.signal(customerEventSignal, {
    id: 'purchase-cart-1',
    type: 'purchase',
    properties: {},
    occurredAt: new Date().toISOString(),
  });
  const boughtState = await finish(bought);
  assert.equal(boughtState.outcome, 'exited');
  assert.deepEqual(boughtState.path, []);

  const silent = await s.enter('cart_updated', 'cart-2');
  await s.env.sleep(2 * 3_600_000); // the hour passes with no purchase: the cart is abandoned
  await waiting(silent, 'wait');
  await silent.handle.signal(customerEventSignal, {
    id: 'purchase-cart-2',
    type: 'purchase',
    properties: {},
    occurredAt: new Date().toISOString(),
  });
  const state = await finish(silent);
  assert.equal(state.outcome, 'converted');
  await s.h.smtp.waitFor((m) => m.subject === 'Hello cart-2');
  assert.equal(s.h.smtp.to('cart-1@example.com').length, 0);
  const stats = await s.h.api(`/v1/campaigns/${campaignId}/stats`);
  const converted = Object.fromEntries(
    (stats.body.nodes as { nodeId: string; converted: number }[]).map((n) => [
      n.nodeId,
      n.converted,
    ]),
  );
  assert.deepEqual(converted, { in: 1, mail: 1, wait: 1, won: 0, lost: 0 });
});

test('a condition reads metrics kept from receipts (total spent, RFM)', async () => {
  await publishCampaign(s.h, 'Big spenders', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'spender_check' },
      {
        id: 'big',
        kind: 'condition',
        rule: { kind: 'attribute', attribute: 'metrics.totalSpent', operator: 'gte', value: 100 },
      },
      { id: 'yes', kind: 'exit' },
      { id: 'no', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'big' },
      { from: 'big', to: 'yes', exit: 'yes' },
      { from: 'big', to: 'no', exit: 'no' },
    ],
  });
  const receipt = await s.h.api('/v1/receipts', {
    body: { externalId: 'spender-1', total: 120, occurredAt: new Date().toISOString() },
  });
  assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
  const big = await s.enter('spender_check', 'spender-1');
  const small = await s.enter('spender_check', 'spender-2');
  assert.deepEqual((await finish(big)).path, ['big', 'yes']);
  assert.deepEqual((await finish(small)).path, ['big', 'no']);
});
