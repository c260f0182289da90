// Every node kind the engine added, on Temporal's time-skipping test server with the real api,
// worker, Postgres and SMTP peer: delays to a date and to a profile date, branches on segments,
// events, consent and message status, the fallback cascade and profile updates. HTTP calls, the
// abandonment trigger and conditions on metrics are in engine-nodes-calls.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { recordSegmentChanges } from '../db/segment-changes.ts';
import { finish, line, useEngineStack, waiting } from '../scripts/testing/engine-journeys.ts';
import { publishCampaign } from '../scripts/testing/fixtures.ts';
import type { JourneyState } from './journey-api.ts';

const s = useEngineStack();

/** The customer says no to promotional email. */
const unsubscribe = (customerId: string) =>
  s.h.db('subscriptions').insert({
    customer_id: customerId,
    channel: 'email',
    messaging_type: 'promo',
    subscribed: false,
    source: 'test',
  });

test('delay until a date, then until a profile date in the customer zone (or "missing")', async () => {
  const until = new Date(Date.now() + 10 * 86_400_000).toISOString();
  await publishCampaign(s.h, 'Sale day', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'sale_soon' },
      { id: 'sale', kind: 'delayUntil', until },
      { id: 'mail', kind: 'sendEmail', templateId: s.templateId },
      { id: 'out', kind: 'exit' },
    ],
    edges: line('in', 'sale', 'mail', 'out'),
  });
  await publishCampaign(s.h, 'Renewal', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'renewal_due' },
      {
        id: 'renewal',
        kind: 'delayUntilAttribute',
        attribute: 'custom.renewsOn',
        offsetDays: -2,
        time: '10:00',
      },
      { id: 'mail', kind: 'sendEmail', templateId: s.templateId },
      { id: 'out', kind: 'exit' },
      { id: 'nodate', kind: 'exit' },
    ],
    edges: [
      ...line('in', 'renewal', 'mail', 'out'),
      { from: 'renewal', to: 'nodate', exit: 'missing' },
    ],
  });
  const sale = await s.enter('sale_soon', 'date-0');
  const renewsOn = DateTime.utc().plus({ days: 20 }).toISODate();
  const tokyo = await s.enter('renewal_due', 'date-1', {
    timeZone: 'Asia/Tokyo',
    custom: { renewsOn },
  });
  // Two days before the renewal, at 10:00 where the customer lives.
  const expected = DateTime.fromISO(`${renewsOn}T10:00`, { zone: 'Asia/Tokyo' }).minus({ days: 2 });
  assert.equal(await waiting(tokyo, 'renewal'), expected.toUTC().toISO());
  assert.equal(await waiting(sale, 'sale'), until);

  assert.deepEqual((await finish(sale)).path, ['sale', 'mail', 'out']);
  assert.deepEqual((await finish(tokyo)).path, ['renewal', 'mail', 'out']);
  const none = await s.enter('renewal_due', 'date-2');
  assert.deepEqual((await finish(none)).path, ['renewal', 'nodate']);
  await s.h.smtp.waitFor((m) => m.subject === 'Hello date-1');
  await s.h.smtp.waitFor((m) => m.subject === 'Hello date-0');
});

test('a branch decides on segment membership, recent events and consent', async () => {
  await publishCampaign(s.h, 'Branches', {
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
    const res = await s.h.api('/v1/customers', {
      body: { externalId, email: `${externalId}@example.com` },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.customer.id as string;
  };
  const purchase = (externalId: string, amount: number) =>
    s.h.api('/v1/events', { body: { type: 'purchase', externalId, properties: { amount } } });
  const [vip, buyer, small, unsubscribed] = await Promise.all(
    ['br-vip', 'br-buyer', 'br-small', 'br-unsub'].map(customer),
  );
  await recordSegmentChanges(s.h.db, 'vip', [{ customerId: vip!, change: 'entered' }]);
  await purchase('br-buyer', 80);
  await purchase('br-small', 20);
  await purchase('br-unsub', 80);
  await unsubscribe(unsubscribed!);
  const paths: Record<string, string[]> = {};
  for (const [name, id] of Object.entries({ vip, buyer, small, unsubscribed })) {
    const res = await s.h.api('/v1/events', { body: { type: 'sorting', customerId: id } });
    const handle = s.env.client.workflow.getHandle(res.body.journeysStarted[0].workflowId);
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
  await publishCampaign(s.h, 'Cascade', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'cascade' },
      {
        id: 'send',
        kind: 'sendMessage',
        channels: [
          { channel: 'push', templateId: s.templateId },
          { channel: 'sms', templateId: s.templateId },
          { channel: 'email', templateId: s.templateId },
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
  const reached = await s.enter('cascade', 'cascade-1', { phone: '+14155550101' });
  assert.deepEqual((await finish(reached)).path, ['send', 'sentCheck', 'delivered']);
  await s.h.smtp.waitFor((m) => m.subject === 'Hello cascade-1');
  const messages = await s.h
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
  const res = await s.h.api('/v1/customers', {
    body: { externalId: 'cascade-2', email: 'cascade-2@example.com' },
  });
  await unsubscribe(res.body.customer.id as string);
  const lost = await s.enter('cascade', 'cascade-2');
  assert.deepEqual((await finish(lost)).path, ['send', 'undelivered']);
  const reasons = await s.h.db('messages').where({ customer_id: lost.customerId }).pluck('error');
  assert.ok(reasons.includes('the customer unsubscribed from promo email'), reasons.join('; '));
});

test('update profile sets attributes and custom fields, tags, audience and points, once', async () => {
  const [audience] = await s.h.db('audiences').insert({ name: 'Engaged' }).returning('id');
  await publishCampaign(s.h, 'Profile', {
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
  const res = await s.h.api('/v1/customers', {
    body: { externalId: 'prof-1', custom: { tier: 'silver', since: 2020 } },
  });
  await s.h
    .db('customers')
    .where({ id: res.body.customer.id })
    .update({ tags: ['cold', 'newsletter'] });
  const j = await s.enter('engaged', 'prof-1');
  assert.deepEqual((await finish(j)).path, ['update', 'tagged', 'yes']);
  const row = await s.h.db('customers').where({ id: j.customerId }).first();
  assert.equal(row.city, 'Lisbon');
  assert.deepEqual(row.custom, { tier: 'gold', since: 2020 });
  assert.deepEqual([...row.tags].sort(), ['engaged', 'newsletter']);
  const members = await s.h
    .db('audience_members')
    .where({ audience_id: audience.id })
    .pluck('customer_id');
  assert.deepEqual(members, [j.customerId]);
  const balance = await s.h.db('points_balances').where({ customer_id: j.customerId }).first();
  assert.equal(Number(balance.balance), 50);
  const accrued = await s.h
    .db('events')
    .where({ customer_id: j.customerId, type: 'points_accrued' });
  assert.deepEqual(
    accrued.map((e: { properties: unknown }) => e.properties),
    [{ amount: 50, balance: 50, reason: 'engaged' }],
  );
});
