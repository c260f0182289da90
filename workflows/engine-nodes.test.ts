// Every node kind the engine added, on Temporal's time-skipping test server with the real api,
// worker, Postgres and SMTP peer: delays to a date and to a profile date, branches on segments,
// events, consent and message status, the fallback cascade, profile updates, HTTP calls, the
// abandonment trigger, and conversion counters.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { CampaignGraphInput } from '../core/graph.ts';
import { recordSegmentChanges } from '../db/segment-changes.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { eventually, type Harness } from '../scripts/testing/harness.ts';
import { timeSkippingHarness } from '../scripts/testing/time-skipping.ts';
import { customerEventSignal, type JourneyState, journeyStateQuery } from './journey-api.ts';

let env: TestWorkflowEnvironment;
let h: Harness;
let close: (() => Promise<void>) | undefined;
let templateId: string;
let http: Server;
let httpUrl: string;
const calls: { path: string; key: string; body: string }[] = [];

before(async () => {
  ({ env, h, close } = await timeSkippingHarness());
  templateId = await createTemplate(h, {
    ...welcomeTemplate,
    subject: 'Hello {{ customer.firstName }}',
  });
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
after(async () => {
  http?.close();
  await close?.();
});

/** Posts the event that starts a journey for a new customer; returns the journey's handle. */
async function enter(type: string, externalId: string, customer: Record<string, unknown> = {}) {
  const res = await h.api('/v1/events', {
    body: {
      type,
      externalId,
      customer: { email: `${externalId}@example.com`, firstName: externalId, ...customer },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const [journey] = res.body.journeysStarted as { workflowId: string }[];
  assert.ok(journey, `no journey started for ${externalId}`);
  return {
    customerId: res.body.customerId as string,
    handle: env.client.workflow.getHandle(journey.workflowId),
  };
}

const finish = async (j: Awaited<ReturnType<typeof enter>>) =>
  (await j.handle.result()) as JourneyState;

/** The customer says no to promotional email. */
const unsubscribe = (customerId: string) =>
  h.db('subscriptions').insert({
    customer_id: customerId,
    channel: 'email',
    messaging_type: 'promo',
    subscribed: false,
    source: 'test',
  });

const line = (...ids: string[]) => ids.slice(1).map((to, i) => ({ from: ids[i]!, to }));

/** Where a journey waits and until when, read before any result() lets time run. */
const waiting = (j: Awaited<ReturnType<typeof enter>>, nodeId: string) =>
  eventually(async () => {
    const s = await j.handle.query(journeyStateQuery);
    return s.currentNode === nodeId && s.wakeUpAt ? new Date(s.wakeUpAt).toISOString() : undefined;
  });

test('delay until a date, then until a profile date in the customer zone (or "missing")', async () => {
  const until = new Date(Date.now() + 10 * 86_400_000).toISOString();
  await publishCampaign(h, 'Sale day', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'sale_soon' },
      { id: 'sale', kind: 'delayUntil', until },
      { id: 'mail', kind: 'sendEmail', templateId },
      { id: 'out', kind: 'exit' },
    ],
    edges: line('in', 'sale', 'mail', 'out'),
  });
  await publishCampaign(h, 'Renewal', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'renewal_due' },
      {
        id: 'renewal',
        kind: 'delayUntilAttribute',
        attribute: 'custom.renewsOn',
        offsetDays: -2,
        time: '10:00',
      },
      { id: 'mail', kind: 'sendEmail', templateId },
      { id: 'out', kind: 'exit' },
      { id: 'nodate', kind: 'exit' },
    ],
    edges: [
      ...line('in', 'renewal', 'mail', 'out'),
      { from: 'renewal', to: 'nodate', exit: 'missing' },
    ],
  });
  const sale = await enter('sale_soon', 'date-0');
  const renewsOn = DateTime.utc().plus({ days: 20 }).toISODate();
  const tokyo = await enter('renewal_due', 'date-1', {
    timeZone: 'Asia/Tokyo',
    custom: { renewsOn },
  });
  // Two days before the renewal, at 10:00 where the customer lives.
  const expected = DateTime.fromISO(`${renewsOn}T10:00`, { zone: 'Asia/Tokyo' }).minus({ days: 2 });
  assert.equal(await waiting(tokyo, 'renewal'), expected.toUTC().toISO());
  assert.equal(await waiting(sale, 'sale'), until);

  assert.deepEqual((await finish(sale)).path, ['sale', 'mail', 'out']);
  assert.deepEqual((await finish(tokyo)).path, ['renewal', 'mail', 'out']);
  const none = await enter('renewal_due', 'date-2');
  assert.deepEqual((await finish(none)).path, ['renewal', 'nodate']);
  await h.smtp.waitFor((m) => m.subject === 'Hello date-1');
  await h.smtp.waitFor((m) => m.subject === 'Hello date-0');
});

test('a branch decides on segment membership, recent events and consent', async () => {
  await publishCampaign(h, 'Branches', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'sorting' },
      {
        id: 'sort',
        kind: 'branch',
        branches: [
          { name: 'vip', rules: [{ kind: 'segment', segmentId: 'vip', member: true }] },
          {
            name: 'buyer',
            rules: [
              {
                kind: 'eventWithin',
                eventType: 'purchase',
                filters: [{ property: 'amount', operator: 'gte', value: 50 }],
                within: { amount: 7, unit: 'days' },
              },
              { kind: 'subscription', channel: 'email', messagingType: 'promo' },
            ],
          },
        ],
      },
      { id: 'vipOut', kind: 'exit' },
      { id: 'buyerOut', kind: 'exit' },
      { id: 'restOut', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'sort' },
      { from: 'sort', to: 'vipOut', exit: 'vip' },
      { from: 'sort', to: 'buyerOut', exit: 'buyer' },
      { from: 'sort', to: 'restOut', exit: 'else' },
    ],
  });
  const customer = async (externalId: string) => {
    const res = await h.api('/v1/customers', {
      body: { externalId, email: `${externalId}@example.com` },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.customer.id as string;
  };
  const purchase = (externalId: string, amount: number) =>
    h.api('/v1/events', { body: { type: 'purchase', externalId, properties: { amount } } });
  const [vip, buyer, small, unsubscribed] = await Promise.all(
    ['br-vip', 'br-buyer', 'br-small', 'br-unsub'].map(customer),
  );
  await recordSegmentChanges(h.db, 'vip', [{ customerId: vip!, change: 'entered' }]);
  await purchase('br-buyer', 80);
  await purchase('br-small', 20);
  await purchase('br-unsub', 80);
  await unsubscribe(unsubscribed!);
  const paths: Record<string, string[]> = {};
  for (const [name, id] of Object.entries({ vip, buyer, small, unsubscribed })) {
    const res = await h.api('/v1/events', { body: { type: 'sorting', customerId: id } });
    const handle = env.client.workflow.getHandle(res.body.journeysStarted[0].workflowId);
    paths[name] = ((await handle.result()) as JourneyState).path;
  }
  assert.deepEqual(paths, {
    vip: ['sort', 'vipOut'],
    buyer: ['sort', 'buyerOut'],
    small: ['sort', 'restOut'],
    unsubscribed: ['sort', 'restOut'],
  });
});

test('a cascade skips channels that cannot reach the customer and sends by email', async () => {
  await publishCampaign(h, 'Cascade', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'cascade' },
      {
        id: 'send',
        kind: 'sendMessage',
        channels: [
          { channel: 'push', templateId },
          { channel: 'sms', templateId },
          { channel: 'email', templateId },
        ],
      },
      {
        id: 'sentCheck',
        kind: 'condition',
        rule: { kind: 'messageStatus', nodeId: 'send', status: 'sent' },
      },
      { id: 'delivered', kind: 'exit' },
      { id: 'notDelivered', kind: 'exit' },
      { id: 'undelivered', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'send' },
      { from: 'send', to: 'sentCheck', exit: 'sent' },
      { from: 'send', to: 'undelivered', exit: 'undelivered' },
      { from: 'sentCheck', to: 'delivered', exit: 'yes' },
      { from: 'sentCheck', to: 'notDelivered', exit: 'no' },
    ],
  });
  const reached = await enter('cascade', 'cascade-1', { phone: '+14155550101' });
  assert.deepEqual((await finish(reached)).path, ['send', 'sentCheck', 'delivered']);
  await h.smtp.waitFor((m) => m.subject === 'Hello cascade-1');
  const messages = await h
    .db('messages')
    .where({ customer_id: reached.customerId })
    .orderBy('created_at')
    .select('channel', 'status', 'error');
  assert.deepEqual(messages, [
    { channel: 'push', status: 'skipped', error: 'the customer has no push address' },
    { channel: 'sms', status: 'skipped', error: 'no sms gateway is configured' },
    { channel: 'email', status: 'sent', error: null },
  ]);

  // Unsubscribed from promotional email and no phone: nothing can reach them.
  const res = await h.api('/v1/customers', {
    body: { externalId: 'cascade-2', email: 'cascade-2@example.com' },
  });
  await unsubscribe(res.body.customer.id as string);
  const lost = await enter('cascade', 'cascade-2');
  assert.deepEqual((await finish(lost)).path, ['send', 'undelivered']);
  const reasons = await h.db('messages').where({ customer_id: lost.customerId }).pluck('error');
  assert.ok(reasons.includes('the customer unsubscribed from promo email'), reasons.join('; '));
});

test('update profile sets attributes and custom fields, tags, audience and points, once', async () => {
  const [audience] = await h.db('audiences').insert({ name: 'Engaged' }).returning('id');
  await publishCampaign(h, 'Profile', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'engaged' },
      {
        id: 'update',
        kind: 'updateProfile',
        actions: [
          { op: 'set', attribute: 'city', value: 'Lisbon' },
          { op: 'set', attribute: 'custom.tier', value: 'gold' },
          { op: 'addTag', tag: 'engaged' },
          { op: 'removeTag', tag: 'cold' },
          { op: 'addToAudience', audienceId: audience.id },
          { op: 'accruePoints', amount: 50, reason: 'engaged' },
        ],
      },
      {
        id: 'tagged',
        kind: 'condition',
        rule: { kind: 'attribute', attribute: 'tags', operator: 'contains', value: 'engaged' },
      },
      { id: 'yes', kind: 'exit' },
      { id: 'no', kind: 'exit' },
    ],
    edges: [
      ...line('in', 'update', 'tagged'),
      { from: 'tagged', to: 'yes', exit: 'yes' },
      { from: 'tagged', to: 'no', exit: 'no' },
    ],
  });
  const res = await h.api('/v1/customers', {
    body: { externalId: 'prof-1', custom: { tier: 'silver', since: 2020 } },
  });
  await h
    .db('customers')
    .where({ id: res.body.customer.id })
    .update({ tags: ['cold', 'newsletter'] });
  const j = await enter('engaged', 'prof-1');
  assert.deepEqual((await finish(j)).path, ['update', 'tagged', 'yes']);
  const row = await h.db('customers').where({ id: j.customerId }).first();
  assert.equal(row.city, 'Lisbon');
  assert.deepEqual(row.custom, { tier: 'gold', since: 2020 });
  assert.deepEqual([...row.tags].sort(), ['engaged', 'newsletter']);
  const members = await h
    .db('audience_members')
    .where({ audience_id: audience.id })
    .pluck('customer_id');
  assert.deepEqual(members, [j.customerId]);
  const balance = await h.db('points_balances').where({ customer_id: j.customerId }).first();
  assert.equal(Number(balance.balance), 50);
  const accrued = await h.db('events').where({ customer_id: j.customerId, type: 'points_accrued' });
  assert.deepEqual(
    accrued.map((e: { properties: unknown }) => e.properties),
    [{ amount: 50, balance: 50, reason: 'engaged' }],
  );
});

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
    await publishCampaign(h, `Call ${path}`, graph(path));
  const ok = await enter('call_ok', 'http-1');
  assert.deepEqual((await finish(ok)).path, ['call', 'ok']);
  const sent = calls.find((c) => c.path === `/ok?customer=${ok.customerId}`);
  assert.ok(sent, JSON.stringify(calls));
  assert.deepEqual(JSON.parse(sent.body), { email: 'http-1@example.com', event: 'call_ok' });
  assert.match(sent.key, /^journey:.*:call:1$/);

  const refused = await enter('call_refuse', 'http-2');
  assert.deepEqual((await finish(refused)).path, ['call', 'failed']);
  assert.equal(calls.filter((c) => c.path.startsWith('/refuse')).length, 1);

  const broken = await enter('call_broken', 'http-3');
  assert.deepEqual((await finish(broken)).path, ['call', 'failed']);
  const attempts = calls.filter((c) => c.path.startsWith('/broken'));
  assert.equal(attempts.length, 3);
  assert.equal(new Set(attempts.map((a) => a.key)).size, 1, 'every retry carries one key');
});

test('abandoned cart: a purchase within the period ends the journey; silence sends the reminder', async () => {
  const campaignId = await publishCampaign(h, 'Abandoned cart trigger', {
    nodes: [
      {
        id: 'in',
        kind: 'trigger',
        eventType: 'cart_updated',
        unlessWithin: { eventType: 'purchase', filters: [], within: { amount: 1, unit: 'hours' } },
      },
      { id: 'mail', kind: 'sendEmail', templateId },
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
  const bought = await enter('cart_updated', 'cart-1');
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

  const silent = await enter('cart_updated', 'cart-2');
  await env.sleep(2 * 3_600_000); // the hour passes with no purchase: the cart is abandoned
  await waiting(silent, 'wait');
  await silent.handle.signal(customerEventSignal, {
    id: 'purchase-cart-2',
    type: 'purchase',
    properties: {},
    occurredAt: new Date().toISOString(),
  });
  const state = await finish(silent);
  assert.equal(state.outcome, 'converted');
  await h.smtp.waitFor((m) => m.subject === 'Hello cart-2');
  assert.equal(h.smtp.to('cart-1@example.com').length, 0);
  const stats = await h.api(`/v1/campaigns/${campaignId}/stats`);
  const converted = Object.fromEntries(
    (stats.body.nodes as { nodeId: string; converted: number }[]).map((n) => [
      n.nodeId,
      n.converted,
    ]),
  );
  assert.deepEqual(converted, { in: 1, mail: 1, wait: 1, won: 0, lost: 0 });
});

test('a condition reads metrics kept from receipts (total spent, RFM)', async () => {
  await publishCampaign(h, 'Big spenders', {
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
  const receipt = await h.api('/v1/receipts', {
    body: { externalId: 'spender-1', total: 120, occurredAt: new Date().toISOString() },
  });
  assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
  const big = await enter('spender_check', 'spender-1');
  const small = await enter('spender_check', 'spender-2');
  assert.deepEqual((await finish(big)).path, ['big', 'yes']);
  assert.deepEqual((await finish(small)).path, ['big', 'no']);
});
