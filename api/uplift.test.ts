// Uplift over the control group with known answers, per variant and per step, read from the
// reports a user opens (/v1/reports/mailings/:id, /v1/reports/campaigns/:id). The rows are the
// ones the send path leaves: a mailing's held-back recipients carry `control` (set by the mailing
// code for the A/B and the global control group, with no other mark needed), a campaign step's
// held-back sends are messages skipped by the rule "control group".
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { attribute } from '../db/attribution.ts';
import {
  DAY,
  HOUR,
  ago,
  customer,
  mailing,
  message,
  receipt,
  recipient,
} from '../scripts/testing/analytics-data.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const report = async (path: string) => {
  const res = await h.api(path);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const customers = (n: number) => Promise.all(Array.from({ length: n }, () => customer(h.db)));
const after_ = (at: Date, ms: number) => new Date(at.getTime() + ms);

test('an A/B mailing: each variant against the control group the mailing code marks', async () => {
  const m = await mailing(h.db, 'sms'); // received within a day earns a purchase
  const at = ago(5 * DAY);
  const [a, b, held] = [await customers(4), await customers(5), await customers(5)];
  for (const [group, variant] of [
    [a, 0],
    [b, 1],
  ] as const)
    for (const c of group)
      await message(h.db, {
        customerId: c,
        mailingId: m,
        channel: 'sms',
        variant,
        sentAt: at,
        deliveredAt: at,
      });
  // The flag alone: no reason, as the mailing code may write for the A/B control share.
  for (const c of held) await recipient(h.db, m, c, at, { control: true, reason: null });
  // A: 3 of 4 buy within the day (one of them twice). B: 1 of 5. Control: 1 of 5, and one more
  // buys two days later, outside the window.
  await receipt(h.db, a[0]!, after_(at, 2 * HOUR), 30);
  await receipt(h.db, a[0]!, after_(at, 4 * HOUR), 20);
  await receipt(h.db, a[1]!, after_(at, 3 * HOUR), 40);
  await receipt(h.db, a[2]!, after_(at, 20 * HOUR), 10);
  await receipt(h.db, b[0]!, after_(at, 1 * HOUR), 100);
  await receipt(h.db, held[0]!, after_(at, 5 * HOUR), 70);
  await receipt(h.db, held[1]!, after_(at, 2 * DAY), 70);
  await attribute(h.db, { all: true });

  const r = await report(`/v1/reports/mailings/${m}`);
  const byVariant = Object.fromEntries(r.variants.map((v: { variant: string }) => [v.variant, v]));
  assert.equal(byVariant.A.sent, 4);
  assert.equal(byVariant.A.delivered, 4);
  assert.equal(byVariant.A.orders, 4);
  assert.equal(byVariant.A.revenue, 100);
  assert.equal(byVariant.A.averageCheck, 25);
  assert.equal(byVariant.A.conversionRate, 0.75);
  // 0.75 against the control group's 0.2: 55 points, 2.75 times as many.
  assert.deepEqual(byVariant.A.uplift, { absolute: 0.55, relative: 2.75 });
  assert.equal(byVariant.B.conversionRate, 0.2);
  assert.deepEqual(byVariant.B.uplift, { absolute: 0, relative: 0 });
  // The whole mailing: 4 of 9 against 1 of 5.
  assert.deepEqual(r.control.treated, { recipients: 9, converted: 4, conversionRate: 0.4444 });
  assert.deepEqual(r.control.control, { recipients: 5, converted: 1, conversionRate: 0.2 });
  assert.deepEqual(r.total.uplift, { absolute: 0.2444, relative: 1.222 });
  assert.equal(r.total.sent, 9);
  assert.equal(r.total.orders, 5);
});

test('a mailing without a control group has no uplift', async () => {
  const m = await mailing(h.db, 'sms');
  const c = await customer(h.db);
  await message(h.db, { customerId: c, mailingId: m, channel: 'sms', sentAt: ago(DAY) });
  const r = await report(`/v1/reports/mailings/${m}`);
  assert.equal(r.control, null);
  assert.equal(r.total.uplift, null);
});

test('a campaign: each step against the customers the global control group held back at it', async () => {
  const campaignId = randomUUID();
  await h.db('campaigns').insert({ id: campaignId, name: 'Uplift', status: 'active', draft: '{}' });
  const at = ago(3 * DAY);
  const [sent, held, other] = [await customers(4), await customers(4), await customers(2)];
  const send = (customerId: string, nodeId: string, skipped = false) =>
    message(h.db, {
      customerId,
      campaignId,
      nodeId,
      channel: 'sms',
      sentAt: at,
      ...(skipped ? { status: 'skipped', error: 'control group' } : { deliveredAt: at }),
    });
  for (const c of sent) await send(c, 'reminder');
  for (const c of held) await send(c, 'reminder', true);
  for (const c of other) await send(c, 'follow-up');
  // A skip for another reason is no control: it would flatter the step.
  await message(h.db, {
    customerId: other[0]!,
    campaignId,
    nodeId: 'reminder',
    channel: 'sms',
    sentAt: at,
    status: 'skipped',
    error: 'quiet hours',
  });
  // Reminder: 2 of 4 sent buy within the day; 1 of 4 held back does.
  await receipt(h.db, sent[0]!, after_(at, HOUR), 50);
  await receipt(h.db, sent[1]!, after_(at, 6 * HOUR), 30);
  await receipt(h.db, held[0]!, after_(at, 2 * HOUR), 50);
  await receipt(h.db, other[0]!, after_(at, 2 * HOUR), 10);
  await attribute(h.db, { all: true });

  const r = await report(`/v1/reports/campaigns/${campaignId}`);
  const step = Object.fromEntries(r.steps.map((s: { nodeId: string }) => [s.nodeId, s]));
  assert.equal(step.reminder.sent, 4);
  assert.equal(step.reminder.orders, 2);
  assert.equal(step.reminder.revenue, 80);
  assert.equal(step.reminder.averageCheck, 40);
  assert.equal(step.reminder.conversionRate, 0.5);
  assert.deepEqual(step.reminder.uplift, { absolute: 0.25, relative: 1 });
  // The follow-up step held nobody back: no uplift to show.
  assert.equal(step['follow-up'].conversionRate, 0.5);
  assert.equal(step['follow-up'].uplift, null);
});
