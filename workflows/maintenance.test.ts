// The daily upkeep the herald:daily schedule runs, on the real worker, Postgres and Temporal:
// points past their date expire, customers whose points run out within the week get a
// points_expiring event (which starts a "use them or lose them" campaign), metrics are ranked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { postPoints } from '../db/points.ts';
import { entriesOf, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h?.close());

test('the daily run expires due points and announces the ones about to expire', async () => {
  const campaignId = await publishCampaign(h, 'Use them or lose them', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'points_expiring' },
      { id: 'out', kind: 'exit' },
    ],
    edges: [{ from: 'in', to: 'out' }],
  });
  const customer = async (externalId: string) =>
    (await h.api('/v1/customers', { body: { externalId } })).body.customer.id as string;
  const [lapsed, soon, later] = await Promise.all(['pts-1', 'pts-2', 'pts-3'].map(customer));
  for (const [customerId, days] of [
    [lapsed, 1],
    [soon, 3],
    [later, 60],
  ] as const)
    await postPoints(h.db, {
      customerId: customerId!,
      delta: 100,
      reason: 'welcome',
      expiresAfterDays: days,
    });
  // The first customer's points are already past their date.
  await h
    .db('points_ledger')
    .where({ customer_id: lapsed })
    .update({ expires_at: new Date(Date.now() - 60_000) });

  const run = () =>
    h.temporal.workflow.execute('dailyMaintenanceWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `daily-${Date.now()}`,
      args: [],
    });
  assert.deepEqual(await run(), { pointsExpired: 100, customersNotified: 1 });
  const balances = await h.db('points_balances').whereIn('customer_id', [lapsed!, soon!, later!]);
  const balanceOf = (id: string) =>
    Number(balances.find((b: { customer_id: string }) => b.customer_id === id).balance);
  assert.deepEqual([balanceOf(lapsed!), balanceOf(soon!), balanceOf(later!)], [0, 100, 100]);
  const entered = (await entriesOf(h, campaignId)).map(
    (e: { customer_id: string }) => e.customer_id,
  );
  assert.deepEqual(entered, [soon]);

  // A second run the same day expires nothing more and announces nothing twice.
  assert.deepEqual(await run(), { pointsExpired: 0, customersNotified: 1 });
  assert.equal((await h.db('events').where({ type: 'points_expiring' })).length, 1);
});
