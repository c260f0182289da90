// Attribution with known answers, read as a user reads them (the mailing's report): purchases
// inside and outside the window, the last of two touches credited, an offline receipt, a rule
// changed after sending and the figures recomputed, and uplift over a control group.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Worker } from '@temporalio/worker';
import { attribute } from '../db/attribution.ts';
import { attributionWorkflowId } from '../workflows/attribution-api.ts';
import { bundlerOptions, workflowsPath } from '../worker/workflow-bundle.ts';
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
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const report = async (id: string) => {
  const res = await h.api(`/v1/reports/mailings/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
/** The mailing's report once its attribution is no longer being recomputed. */
const recomputed = (id: string) =>
  eventually(async () => {
    const r = await report(id);
    return r.recomputingSince === null ? r : undefined;
  }, 60_000);
const creditOf = async (receiptId: string) =>
  (await h.db('attributions').where({ receipt_id: receiptId }).first())?.message_id ?? null;

test('an email opened within 5 days earns the purchase; later, or never opened, it does not', async () => {
  const m = await mailing(h.db, 'email');
  const [inside, outside, unopened] = [
    await customer(h.db),
    await customer(h.db),
    await customer(h.db),
  ];
  const sent = ago(10 * DAY);
  const opened = await message(h.db, {
    customerId: inside,
    mailingId: m,
    sentAt: sent,
    deliveredAt: sent,
    openedAt: ago(3 * DAY),
  });
  await message(h.db, {
    customerId: outside,
    mailingId: m,
    sentAt: sent,
    deliveredAt: sent,
    openedAt: ago(9 * DAY),
  });
  await message(h.db, { customerId: unopened, mailingId: m, sentAt: sent, deliveredAt: sent });
  const bought = await receipt(h.db, inside, ago(2 * DAY), 80);
  const late = await receipt(h.db, outside, ago(2 * DAY), 50);
  const unread = await receipt(h.db, unopened, ago(2 * DAY), 30);
  await attribute(h.db, { all: true });

  assert.equal(await creditOf(bought), opened);
  assert.equal(await creditOf(late), null, 'opened 7 days before: outside the 5-day window');
  assert.equal(await creditOf(unread), null, 'an email counts once opened');
  const r = await report(m);
  assert.deepEqual(
    { orders: r.total.orders, revenue: r.total.revenue, recipients: r.total.recipients },
    { orders: 1, revenue: 80, recipients: 3 },
  );
  assert.equal(r.total.averageCheck, 80);
  assert.equal(r.total.conversionRate, 0.3333);
  assert.deepEqual(r.rules, { touch: 'opened', windowHours: 120 });
});

test('after two touches the purchase goes to the last; an offline receipt counts the same', async () => {
  const email = await mailing(h.db, 'email');
  const sms = await mailing(h.db, 'sms');
  const c = await customer(h.db);
  await message(h.db, {
    customerId: c,
    mailingId: email,
    sentAt: ago(4 * DAY),
    openedAt: ago(4 * DAY - HOUR),
  });
  const last = await message(h.db, {
    customerId: c,
    mailingId: sms,
    channel: 'sms',
    sentAt: ago(30 * HOUR),
    deliveredAt: ago(20 * HOUR),
  });
  const offline = await receipt(h.db, c, ago(8 * HOUR), 120, true);
  await attribute(h.db, { all: true });

  assert.equal(await creditOf(offline), last, 'the SMS received 12 hours before, not the email');
  assert.equal((await report(sms)).total.revenue, 120);
  assert.equal((await report(email)).total.orders, 0);
  // An SMS counts for a day: received 30 hours before, the credit goes to the email opened before.
  const d = await customer(h.db);
  const opened = await message(h.db, {
    customerId: d,
    mailingId: email,
    sentAt: ago(4 * DAY),
    openedAt: ago(3 * DAY),
  });
  await message(h.db, {
    customerId: d,
    mailingId: sms,
    channel: 'sms',
    sentAt: ago(40 * HOUR),
    deliveredAt: ago(38 * HOUR),
  });
  const online = await receipt(h.db, d, ago(8 * HOUR), 15);
  await attribute(h.db, { all: true });
  assert.equal(await creditOf(online), opened);
});

test("changing a sent mailing's rules recomputes what it earned", async () => {
  const m = await mailing(h.db, 'email');
  const c = await customer(h.db);
  const sentAt = ago(12 * DAY);
  await message(h.db, {
    customerId: c,
    mailingId: m,
    sentAt,
    deliveredAt: sentAt,
    openedAt: ago(11 * DAY),
  });
  await receipt(h.db, c, ago(4 * DAY), 200); // 7 days after the open
  await attribute(h.db, { all: true });
  assert.equal((await report(m)).total.orders, 0);

  // The route saves the rules and answers at once; a workflow recomputes (no worker yet here).
  const changed = await h.api(`/v1/mailings/${m}/attribution`, {
    method: 'PUT',
    body: { attribution: { windowDays: 10 } },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  const since = changed.body.mailing.attributionRecomputingSince;
  assert.ok(since && Date.parse(since) > Date.now() - 60_000, `recomputing since ${since}`);
  const pending = await report(m);
  assert.equal(pending.recomputingSince, since, 'the report says so too');
  assert.equal(pending.total.orders, 0, 'not recomputed yet');

  await h.startWorker();
  const r = await recomputed(m);
  assert.deepEqual([r.total.orders, r.total.revenue], [1, 200]);
  assert.deepEqual(r.rules, { touch: 'opened', windowHours: 240 });
  assert.equal((await h.api(`/v1/mailings/${m}`)).body.mailing.attributionRecomputingSince, null);

  // Two changes in a row: the last rules win. Counting only clicks, the open no longer earns it.
  for (const attribution of [{ windowDays: 12 }, { windowDays: 10, touch: 'clicked' }]) {
    const res = await h.api(`/v1/mailings/${m}/attribution`, {
      method: 'PUT',
      body: { attribution },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  const last = await recomputed(m);
  assert.deepEqual(last.rules, { touch: 'clicked', windowHours: 240 });
  assert.equal(last.total.orders, 0);

  // The workflow's own history replays against the current code (it is deterministic).
  const handle = h.temporal.workflow.getHandle(attributionWorkflowId(m));
  assert.ok((await handle.result()) >= 1);
  await Worker.runReplayHistory(
    h.workflowBundlePath
      ? { workflowBundle: { codePath: h.workflowBundlePath } }
      : { workflowsPath, bundlerOptions },
    await handle.fetchHistory(),
  );
});

test('uplift against the control group: who bought within the window after the send', async () => {
  const m = await mailing(h.db, 'sms');
  const sentAt = ago(3 * DAY);
  const sent = await Promise.all([1, 2, 3, 4].map(() => customer(h.db)));
  const control = await Promise.all([1, 2, 3, 4].map(() => customer(h.db)));
  for (const c of sent)
    await message(h.db, {
      customerId: c,
      mailingId: m,
      channel: 'sms',
      sentAt,
      deliveredAt: sentAt,
    });
  for (const c of control) await recipient(h.db, m, c, sentAt, { control: true });
  // Two of four sent bought within a day; one of four in the control group did.
  await receipt(h.db, sent[0]!, new Date(sentAt.getTime() + 2 * HOUR), 40);
  await receipt(h.db, sent[1]!, new Date(sentAt.getTime() + 5 * HOUR), 60);
  await receipt(h.db, control[0]!, new Date(sentAt.getTime() + 3 * HOUR), 40);
  await receipt(h.db, control[1]!, new Date(sentAt.getTime() + 2 * DAY), 40); // after the window
  await attribute(h.db, { all: true });

  const r = await report(m);
  assert.deepEqual(r.control.treated, { recipients: 4, converted: 2, conversionRate: 0.5 });
  assert.deepEqual(r.control.control, { recipients: 4, converted: 1, conversionRate: 0.25 });
  assert.deepEqual(r.control.uplift, { absolute: 0.25, relative: 1 });
  assert.equal(r.total.orders, 2);
});

test("a deleted customer's message is sent but no recipient", async () => {
  const m = await mailing(h.db, 'sms');
  const [kept, gone] = [await customer(h.db), await customer(h.db)];
  for (const c of [kept, gone])
    await message(h.db, { customerId: c, mailingId: m, channel: 'sms', sentAt: ago(DAY) });
  // messages.customer_id is set null, its mailing_recipients row deleted with the customer.
  await h.db('customers').where({ id: gone }).delete();
  const r = await report(m);
  assert.deepEqual([r.total.sent, r.total.recipients], [2, 1]);
});
