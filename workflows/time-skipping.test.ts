// Long journeys on Temporal's time-skipping test server: a 30-day campaign, and a loop that
// runs for years of journey time, continuing as new to stay far inside history limits.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CampaignGraph } from '../core/graph.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';
import type { Harness } from '../scripts/testing/harness.ts';
import { timeSkippingHarness } from '../scripts/testing/time-skipping.ts';
import { customerEventSignal, journeyStateQuery } from './journey-api.ts';

let env: TestWorkflowEnvironment;
let h: Harness;
let close: (() => Promise<void>) | undefined;
let templateId: string;
before(async () => {
  ({ env, h, close } = await timeSkippingHarness());
  templateId = await createTemplate(h, {
    ...welcomeTemplate,
    subject: 'A month later, {{ customer.firstName }}',
  });
});
after(() => close?.());

const post = async (type: string, externalId: string) => {
  const res = await h.api('/v1/events', {
    body: {
      type,
      externalId,
      customer: { email: `${externalId}@example.com`, firstName: externalId },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body.journeysStarted[0].workflowId as string;
};

test('a 30-day campaign finishes in seconds and sends its email', async () => {
  const graph = waitThenEmail('subscribed', { amount: 30, unit: 'days' }, templateId);
  await publishCampaign(h, 'Monthly', graph);
  const started = Date.now();
  const workflowId = await post('subscribed', 'ts-1');
  const state = await env.client.workflow.getHandle(workflowId).result(); // time skips here
  assert.deepEqual(state.path, ['wait', 'mail', 'out']);
  assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  await h.smtp.waitFor((m) => m.subject === 'A month later, ts-1');
});

// 400 turns cross continue-as-new twice. The 10,000-turn run is `npm run bench:loop`: on
// Temporal's time-skipping test server a long loop hits, about once in 9,000 turns, a race in
// which the server's clock jumps past a task still in flight and wedges the run, so a 10,000-turn
// test would fail CI about two times in three for a reason that is not Herald's.
test('a weekly loop continues as new and stays small', async () => {
  const TURNS = 400;
  // wait a week → stopped? → yes: exit / no: go to the wait
  const graph: CampaignGraph = {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'looping' },
      { id: 'week', kind: 'delay', duration: { amount: 7, unit: 'days' } },
      { id: 'stopped', kind: 'condition', rule: { kind: 'eventSinceEntry', eventType: 'stop' } },
      { id: 'done', kind: 'exit' },
      { id: 'again', kind: 'goto', target: 'week' },
    ],
    edges: [
      { from: 'in', to: 'week', exit: 'next' },
      { from: 'week', to: 'stopped', exit: 'next' },
      { from: 'stopped', to: 'done', exit: 'yes' },
      { from: 'stopped', to: 'again', exit: 'no' },
    ],
    reentry: { kind: 'once' },
  };
  await publishCampaign(h, 'Loop', graph);
  const workflowId = await post('looping', 'loop-1');
  const handle = env.client.workflow.getHandle(workflowId);
  const firstRunId = (await handle.describe()).runId;
  await env.sleep(TURNS * 7 * 86_400_000); // journey time passes as fast as the worker keeps up
  const state = await handle.query(journeyStateQuery);
  assert.ok(state.steps >= (TURNS - 1) * 3, `ran ${state.steps} steps`);
  const description = await handle.describe();
  assert.ok(
    description.historyLength < 5_000,
    `the current run's history has ${description.historyLength} events`,
  );
  assert.notEqual(description.runId, firstRunId, 'the journey continued as new');

  await handle.signal(customerEventSignal, {
    id: 'stop-1',
    type: 'stop',
    properties: {},
    occurredAt: new Date().toISOString(),
  });
  const end = await handle.result();
  assert.equal(end.outcome, 'completed');
  assert.deepEqual(end.path.slice(-3), ['week', 'stopped', 'done']);
});

test('quiet hours: each customer is sent to inside the window of their own time zone', async () => {
  // A two-hour window starting three hours from now in UTC: open now for a customer at UTC+3,
  // and still open for them if the clock crosses an hour while the test runs.
  const hour = (new Date(await env.currentTimeMs()).getUTCHours() + 3) % 24;
  const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  const graph: CampaignGraph = {
    ...waitThenEmail('quiet', { amount: 1, unit: 'seconds' }, templateId),
    sendingWindow: { from: hh(hour), to: hh(hour + 2) },
  };
  await publishCampaign(h, 'Quiet hours', graph);
  /** Each timer the journey started: how long it waited and when (UTC) it fired. */
  const timers = async (externalId: string, timeZone: string) => {
    const res = await h.api('/v1/events', {
      body: {
        type: 'quiet',
        externalId,
        customer: { email: `${externalId}@example.com`, firstName: externalId, timeZone },
      },
    });
    const handle = env.client.workflow.getHandle(res.body.journeysStarted[0].workflowId as string);
    await handle.result();
    const history = await handle.fetchHistory();
    return (history.events ?? []).flatMap((e) => {
      const t = e.timerStartedEventAttributes?.startToFireTimeout;
      if (!t) return [];
      const ms = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
        Number(d?.seconds ?? 0) * 1000 + (d?.nanos ?? 0) / 1e6;
      const firesAtMs = Math.round((ms(e.eventTime) + ms(t)) / 1000) * 1000;
      return [{ seconds: Number(t.seconds ?? 0), firesAt: new Date(firesAtMs) }];
    });
  };
  // The one inside the window first: the other's wait moves the test server's clock on.
  assert.deepEqual(
    (await timers('qh-plus3', 'Etc/GMT-3')).map((t) => t.seconds),
    [1],
    'already inside the window: no wait',
  );
  const waited = await timers('qh-utc', 'UTC');
  assert.equal(waited.length, 2, 'the 1 s delay, then the wait for the window');
  // Derived from the journey's own clock, not the wall clock: the wait ends when the window
  // opens in UTC, however near an hour's end the test began.
  const { seconds, firesAt } = waited[1]!;
  assert.ok(seconds > 0 && seconds <= 3 * 3600, `waited ${seconds} s for the window`);
  assert.equal(firesAt.getUTCHours(), hour, `fired at ${firesAt.toISOString()}`);
  assert.ok(firesAt.getUTCMinutes() === 0, `fired at ${firesAt.toISOString()}`);
  await h.smtp.waitFor((m) => m.subject === 'A month later, qh-utc');
  await h.smtp.waitFor((m) => m.subject === 'A month later, qh-plus3');
});
