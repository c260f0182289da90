// The customer-base report read from the snapshot run's counts plus the customers created since:
// known answers for every figure, equal to every customer counted directly, and proof that the
// snapshot is what it reads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isoDay, periodOf } from '../core/report-period.ts';
import { DAY, ago, customer } from '../scripts/testing/analytics-data.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { customerBaseLive, customerBaseReport } from './report-customers.ts';
import { takeSnapshots } from './report-snapshots.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

/** A customer as of `daysAgo`, subscribed (or not) by channel, with an RFM segment. */
async function made(
  fields: { source?: string; city?: string; daysAgo?: number; segment?: string | null },
  subscribed: Record<string, boolean> = {},
) {
  const id = await customer(h.db, fields);
  if (fields.daysAgo)
    await h
      .db('customers')
      .where({ id })
      .update({ created_at: ago(fields.daysAgo * DAY) });
  for (const [channel, yes] of Object.entries(subscribed))
    await h.db('subscriptions').insert({
      customer_id: id,
      channel,
      messaging_type: 'promo',
      subscribed: yes,
    });
  if (fields.segment !== undefined)
    await h.db('customer_metrics').insert({ customer_id: id, rfm_segment: fields.segment });
  return id;
}

/** The live answer's lists in the order the snapshot's take (ties broken by name). */
const ordered = (r: Awaited<ReturnType<typeof customerBaseLive>>) => ({
  ...r,
  rfm: [...r.rfm].sort((a, b) => b.customers - a.customers || (a.segment < b.segment ? -1 : 1)),
});

test('the customer-base report from the snapshot and today’s new customers equals a direct count', async () => {
  assert.equal(Number((await h.db('customers').count('* as n'))[0]!.n), 0);
  await made(
    { source: 'pos', city: 'Berlin', daysAgo: 100, segment: 'champions' },
    { email: true },
  );
  await made({ source: 'pos', city: 'Paris', daysAgo: 10, segment: null }, { email: true });
  await made({ source: 'website', daysAgo: 3 }, { sms: false });
  await takeSnapshots(h.db);
  const snapshot = await h.db('report_customer_counts').where({ day: isoDay(new Date()) });
  assert.ok(snapshot.length > 0, 'the run kept today’s counts');

  // Created after the run: only these are read from customers.
  await made({ source: 'api', city: 'Berlin', segment: 'new' }, { email: true, sms: true });

  const p = periodOf({ from: isoDay(ago(30 * DAY)) });
  const report = await customerBaseReport(h.db, p);
  assert.equal(report.customers, 4);
  assert.equal(report.newInPeriod, 3);
  assert.equal(report.growth[0]!.customers, 1);
  assert.equal(report.growth.at(-1)!.customers, 4);
  assert.deepEqual(report.bySource, [
    { source: 'pos', customers: 2 },
    { source: 'api', customers: 1 },
    { source: 'website', customers: 1 },
  ]);
  assert.deepEqual(report.byCity, [
    { city: 'Berlin', customers: 2 },
    { city: 'Paris', customers: 1 },
    { city: 'unknown', customers: 1 },
  ]);
  assert.deepEqual(report.subscriptions, [
    { channel: 'email', messagingType: 'promo', subscribed: 3 },
    { channel: 'sms', messagingType: 'promo', subscribed: 1 },
  ]);
  assert.deepEqual(report.rfm, [
    { segment: 'champions', customers: 1 },
    { segment: 'new', customers: 1 },
    { segment: 'unscored', customers: 1 },
  ]);
  assert.deepEqual(report, ordered(await customerBaseLive(h.db, p)));

  // What it reads is the snapshot: a count changed there shows in the report.
  await h
    .db('report_customer_counts')
    .where({ day: isoDay(new Date()), figure: 'city', key: 'Paris' })
    .increment('customers', 5);
  const changed = await customerBaseReport(h.db, p);
  assert.deepEqual(changed.byCity[0], { city: 'Paris', customers: 6 });

  // The next run counts everything again, the new customer included.
  await takeSnapshots(h.db);
  assert.deepEqual(await customerBaseReport(h.db, p), ordered(await customerBaseLive(h.db, p)));
});
