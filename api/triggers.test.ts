// Entry triggers against the real api, worker, Postgres and Temporal dev server: event triggers
// with property filters (purchase, first purchase), segment entry and exit, and the time-based
// triggers that run on Temporal Schedules (a date for a segment, birthdays in each customer's
// zone, inactivity), with the schedules following the campaign's lifecycle.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ScheduleNotFoundError } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { CampaignGraphInput } from '../core/graph.ts';
import { recordSegmentChanges } from '../db/segment-changes.ts';
import { campaignScheduleId } from '../entry/schedules.ts';
import { entriesOf, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h?.close());

/** A campaign whose only step after the trigger is a long wait, so entries stay visible. */
const entryOnly = (trigger: Record<string, unknown>): CampaignGraphInput => ({
  nodes: [
    { id: 'in', ...trigger } as CampaignGraphInput['nodes'][number],
    { id: 'hold', kind: 'delay', duration: { amount: 1, unit: 'days' } },
    { id: 'out', kind: 'exit' },
  ],
  edges: [
    { from: 'in', to: 'hold' },
    { from: 'hold', to: 'out' },
  ],
  reentry: { kind: 'notWhileRunning' },
});

async function customer(externalId: string, attrs: Record<string, unknown> = {}) {
  const res = await h.api('/v1/customers', { body: { externalId, ...attrs } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.customer.id as string;
}

const post = (body: Record<string, unknown>) => h.api('/v1/events', { body });
const enteredIds = async (campaignId: string) =>
  (await entriesOf(h, campaignId)).map((e: { customer_id: string }) => e.customer_id).sort();

test('purchase triggers filter on amount and category; first purchase on its flag', async () => {
  const bigShoes = await publishCampaign(
    h,
    'Big shoe orders',
    entryOnly({
      kind: 'trigger',
      eventType: 'purchase',
      filters: [
        { property: 'amount', operator: 'gte', value: 100 },
        { property: 'categories', operator: 'contains', value: 'shoes' },
      ],
    }),
  );
  const first = await publishCampaign(
    h,
    'First purchase',
    entryOnly({
      kind: 'trigger',
      eventType: 'purchase',
      filters: [{ property: 'firstPurchase', operator: 'equals', value: true }],
    }),
  );
  const purchase = (externalId: string, properties: Record<string, unknown>) =>
    post({ type: 'purchase', externalId, properties });
  await purchase('p-1', { amount: 150, categories: ['shoes', 'socks'], firstPurchase: true });
  await purchase('p-2', { amount: 150, categories: ['hats'], firstPurchase: false });
  await purchase('p-3', { amount: 40, categories: ['shoes'], firstPurchase: false });
  const ids = await h
    .db('customers')
    .whereIn('external_id', ['p-1', 'p-2', 'p-3'])
    .orderBy('external_id')
    .pluck('id');
  assert.deepEqual(await enteredIds(bigShoes), [ids[0]]);
  assert.deepEqual(await enteredIds(first), [ids[0]]);
});

test('segment entry and exit fire from membership changes', async () => {
  const entered = await publishCampaign(
    h,
    'Welcome to VIP',
    entryOnly({
      kind: 'trigger',
      eventType: 'segment_entered',
      filters: [{ property: 'segmentId', operator: 'equals', value: 'vip' }],
    }),
  );
  const left = await publishCampaign(
    h,
    'Win back',
    entryOnly({
      kind: 'trigger',
      eventType: 'segment_exited',
      filters: [{ property: 'segmentId', operator: 'equals', value: 'vip' }],
    }),
  );
  const [a, b, c] = await Promise.all(['seg-a', 'seg-b', 'seg-c'].map((id) => customer(id)));
  await recordSegmentChanges(h.db, 'vip', [
    { customerId: a!, change: 'entered' },
    { customerId: b!, change: 'entered' },
  ]);
  await recordSegmentChanges(h.db, 'other', [{ customerId: c!, change: 'entered' }]);
  await recordSegmentChanges(h.db, 'vip', [{ customerId: b!, change: 'exited' }]);
  const run = () =>
    h.temporal.workflow.execute('segmentChangesWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `segment-changes-${Date.now()}`,
      args: [],
    });
  assert.equal(await run(), 4);
  assert.deepEqual(await enteredIds(entered), [a, b].sort());
  assert.deepEqual(await enteredIds(left), [b]);
  assert.equal(await run(), 0, 'each change fires once');
  const members = await h
    .db('segment_memberships')
    .where({ segment_id: 'vip' })
    .pluck('customer_id');
  assert.deepEqual(members, [a]);
});

test('a date-and-time trigger enters a segment from a Temporal Schedule that follows the lifecycle', async () => {
  // A whole minute 30 days from now: always in the future, whatever the date of the run.
  const at = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 30 * 86_400_000).toISOString();
  const campaignId = await publishCampaign(
    h,
    'Black Friday eve',
    entryOnly({ kind: 'scheduleTrigger', segmentId: 'bf', at }),
  );
  const scheduleId = campaignScheduleId(campaignId, 'in');
  const handle = h.temporal.schedule.getHandle(scheduleId);
  const described = await handle.describe();
  assert.equal(described.info.nextActionTimes[0]?.toISOString(), new Date(at).toISOString());
  assert.equal(described.state.remainingActions, 1);

  const ids = await Promise.all(['bf-1', 'bf-2', 'bf-3'].map((id) => customer(id)));
  await recordSegmentChanges(h.db, 'bf', [
    { customerId: ids[0]!, change: 'entered' },
    { customerId: ids[1]!, change: 'entered' },
  ]);
  await handle.trigger(); // what the schedule does on the day, now
  const expected = [ids[0], ids[1]].sort();
  assert.deepEqual(
    await eventually(async () => {
      const got = await enteredIds(campaignId);
      return got.length === 2 ? got : undefined;
    }),
    expected,
  );
  const reasons = await h.db('events').where({ type: 'scheduled_entry' }).pluck('customer_id');
  assert.deepEqual(reasons.sort(), expected, 'each entry is explained on the timeline');

  assert.equal((await h.api(`/v1/campaigns/${campaignId}/pause`, { body: {} })).status, 200);
  // A pause reaches the schedule's own workflow as a signal: describe may answer before it ran.
  assert.equal(
    await eventually(async () => ((await handle.describe()).state.paused ? true : undefined)),
    true,
  );
  await h.api(`/v1/campaigns/${campaignId}/stop`, { body: {} });
  await assert.rejects(handle.describe(), ScheduleNotFoundError);
});

test('a birthday trigger enters customers whose local date has come, once per occurrence', async () => {
  const campaignId = await publishCampaign(
    h,
    'Birthday',
    entryOnly({ kind: 'dateTrigger', attribute: 'birthDate', time: '00:00', yearly: true }),
  );
  const schedule = await h.temporal.schedule
    .getHandle(campaignScheduleId(campaignId, 'in'))
    .describe();
  assert.ok(schedule.spec.intervals?.length, 'runs on an interval schedule');
  const birthday = (zone: string, plusDays = 0) =>
    DateTime.now().setZone(zone).plus({ days: plusDays }).set({ year: 1990 }).toISODate();
  // Kiritimati is UTC+14 and Pago Pago UTC-11: "today" is a different date in each.
  const east = await customer('bd-east', {
    timeZone: 'Pacific/Kiritimati',
    birthDate: birthday('Pacific/Kiritimati'),
  });
  const west = await customer('bd-west', {
    timeZone: 'Pacific/Pago_Pago',
    birthDate: birthday('Pacific/Pago_Pago'),
  });
  await customer('bd-tomorrow', {
    timeZone: 'Europe/Paris',
    birthDate: birthday('Europe/Paris', 1),
  });
  await customer('bd-none');
  const run = () =>
    h.temporal.workflow.execute('scheduledEntryWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `birthday-${Date.now()}`,
      args: [{ campaignId, nodeId: 'in' }],
    });
  assert.equal(await run(), 2);
  assert.deepEqual(await enteredIds(campaignId), [east, west].sort());
  assert.equal(await run(), 0, 'the same birthday does not enter twice');
});

test('an inactivity trigger enters customers whose last purchase is older than N days', async () => {
  const campaignId = await publishCampaign(
    h,
    'We miss you',
    entryOnly({ kind: 'inactivityTrigger', days: 30, eventType: 'purchase' }),
  );
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  await post({ type: 'purchase', externalId: 'idle-1', occurredAt: daysAgo(45) });
  await post({ type: 'purchase', externalId: 'idle-2', occurredAt: daysAgo(45) });
  await post({ type: 'purchase', externalId: 'idle-2', occurredAt: daysAgo(3) });
  const [idle] = await h.db('customers').where({ external_id: 'idle-1' }).pluck('id');
  const run = () =>
    h.temporal.workflow.execute('scheduledEntryWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `inactive-${Date.now()}`,
      args: [{ campaignId, nodeId: 'in' }],
    });
  await run();
  assert.deepEqual(await enteredIds(campaignId), [idle]);
});
