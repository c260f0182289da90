// Re-entry rules and the daily entry limit, through the api against real Postgres and Temporal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CampaignGraph, CampaignLimits, ReentryRule } from '../core/graph.ts';
import { entriesOf, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

/** trigger → wait → exit: a journey that stays open for `seconds`. */
function waitingGraph(
  eventType: string,
  seconds: number,
  reentry: ReentryRule,
  limits?: CampaignLimits,
): CampaignGraph {
  return {
    nodes: [
      { id: 'in', kind: 'trigger', eventType },
      { id: 'wait', kind: 'delay', duration: { amount: seconds, unit: 'seconds' } },
      { id: 'out', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'wait', exit: 'next' },
      { from: 'wait', to: 'out', exit: 'next' },
    ],
    reentry,
    limits,
  };
}

const post = async (type: string, externalId: string) => {
  const res = await h.api('/v1/events', { body: { type, externalId } });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body as { customerId: string; journeysStarted: { workflowId: string }[] };
};
const finish = (workflowId: string) => h.temporal.workflow.getHandle(workflowId).result();

describe('re-entry rules', () => {
  test('once per period: a second entry waits until the period has passed', async () => {
    const campaignId = await publishCampaign(
      h,
      'Weekly',
      waitingGraph('weekly', 0.1, { kind: 'oncePerPeriod', days: 7 }),
    );
    const first = await post('weekly', 'p-1');
    assert.equal(first.journeysStarted.length, 1);
    await finish(first.journeysStarted[0]!.workflowId);
    assert.equal((await post('weekly', 'p-1')).journeysStarted.length, 0);
    // Eight days later, as far as the entries table knows.
    await h
      .db('campaign_entries')
      .where({ campaign_id: campaignId })
      .update({ entered_at: h.db.raw("now() - interval '8 days'") });
    const again = await post('weekly', 'p-1');
    assert.deepEqual(
      again.journeysStarted.map((j) => j.workflowId),
      [`journey:${campaignId}:${first.customerId}:2`],
    );
  });

  test('at most N times', async () => {
    const campaignId = await publishCampaign(
      h,
      'Twice',
      waitingGraph('twice', 0.1, { kind: 'maxTimes', times: 2 }),
    );
    for (let i = 0; i < 4; i++) {
      const r = await post('twice', 'm-1');
      for (const j of r.journeysStarted) await finish(j.workflowId);
    }
    const entries = await h
      .db('campaign_entries')
      .where({ campaign_id: campaignId })
      .orderBy('entry_number');
    assert.deepEqual(
      entries.map((e: { entry_number: number; status: string }) => [e.entry_number, e.status]),
      [
        [1, 'completed'],
        [2, 'completed'],
      ],
    );
  });

  test('any time but never two at once', async () => {
    const campaignId = await publishCampaign(
      h,
      'One at a time',
      waitingGraph('busy', 2, { kind: 'notWhileRunning' }),
    );
    const results = await Promise.all([
      post('busy', 'n-1'),
      post('busy', 'n-1'),
      post('busy', 'n-1'),
    ]);
    const started = results.flatMap((r) => r.journeysStarted);
    assert.equal(started.length, 1, 'three racing events, one journey');
    assert.equal((await post('busy', 'n-1')).journeysStarted.length, 0, 'still running');
    await finish(started[0]!.workflowId);
    assert.equal((await post('busy', 'n-1')).journeysStarted.length, 1, 'ended, so again');
    assert.equal((await entriesOf(h, campaignId)).length, 2);
  });
});

test('racing events of a customer they create enter one after another, numbered in order', async () => {
  // The creator's first entry takes the one-statement path, the others the locked transaction.
  const campaignId = await publishCampaign(
    h,
    'Three times',
    waitingGraph('race', 0.1, { kind: 'maxTimes', times: 3 }),
  );
  const results = await Promise.all(Array.from({ length: 6 }, () => post('race', 'race-1')));
  assert.equal(results.flatMap((r) => r.journeysStarted).length, 3);
  const entries = await entriesOf(h, campaignId);
  assert.deepEqual(entries.map((e) => e.entry_number).sort(), [1, 2, 3]);
});

test('the daily entry limit turns away entries past it, for all customers together', async () => {
  const campaignId = await publishCampaign(
    h,
    'Limited',
    waitingGraph('limited', 0.1, { kind: 'notWhileRunning' }, { maxEntriesPerDay: 3 }),
  );
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => post('limited', `d-${i}`)));
  assert.equal(results.flatMap((r) => r.journeysStarted).length, 3);
  assert.equal((await entriesOf(h, campaignId)).length, 3);
});

test('test mode admits testers only; an ended campaign admits no one', async () => {
  const graph = { ...waitingGraph('tried', 0.1, { kind: 'notWhileRunning' }), testMode: true };
  await publishCampaign(h, 'Test mode', graph);
  const stranger = await h.api('/v1/events', { body: { type: 'tried', externalId: 't-1' } });
  assert.equal(stranger.body.journeysStarted.length, 0);
  const tester = await h.api('/v1/events', {
    body: { type: 'tried', externalId: 't-2', customer: { isTester: true } },
  });
  assert.equal(tester.body.journeysStarted.length, 1);

  const ended = {
    ...waitingGraph('late', 0.1, { kind: 'notWhileRunning' }),
    endsAt: new Date(Date.now() - 60_000).toISOString(),
  };
  await publishCampaign(h, 'Ended', ended);
  assert.equal((await post('late', 'l-1')).journeysStarted.length, 0);
});
