// A journey that loops 10,000 times ("wait a week, then check again"), on Temporal's
// time-skipping test server: prints turns per second, how often the journey continued as new,
// and the largest history one run reached, which must stay far below Temporal's limits.
// Usage: npm run bench:loop -- [turns=10000]
// The test server sometimes advances its clock past a workflow task still in flight, which
// wedges the run (about once in 9,000 turns here); the script says so when it happens.

import { publishCampaign } from '../scripts/testing/fixtures.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { createHarness } from '../scripts/testing/harness.ts';
import { startTimeSkipping } from '../scripts/testing/time-skipping.ts';
import {
  customerEventSignal,
  type JourneyState,
  journeyStateQuery,
} from '../workflows/journey-api.ts';
import path from 'node:path';

const TURNS = Number(process.argv[2] ?? 10_000);
const WEEK = 7 * 86_400_000;

const stack = await startLocalStack(path.resolve(import.meta.dirname, '..', '.data', 'bench-loop'));
const env = await startTimeSkipping();
const h = await createHarness({ ...stack, temporalAddress: env.address, logLevel: 'warn' });
await h.startWorker();
await publishCampaign(h, 'Weekly loop', {
  nodes: [
    { id: 'in', kind: 'trigger', eventType: 'looping' },
    { id: 'week', kind: 'delay', duration: { amount: 7, unit: 'days' } },
    { id: 'stopped', kind: 'condition', rule: { kind: 'eventSinceEntry', eventType: 'stop' } },
    { id: 'done', kind: 'exit' },
    { id: 'again', kind: 'goto', target: 'week' },
  ],
  edges: [
    { from: 'in', to: 'week' },
    { from: 'week', to: 'stopped' },
    { from: 'stopped', to: 'done', exit: 'yes' },
    { from: 'stopped', to: 'again', exit: 'no' },
  ],
});
const res = await h.api('/v1/events', { body: { type: 'looping', externalId: 'loop' } });
const { journeysStarted } = res.body as { journeysStarted: { workflowId: string }[] };
const handle = env.client.workflow.getHandle(journeysStarted[0]!.workflowId);

// A hundred turns at a time, recording each run's history size as the journey goes.
const started = Date.now();
const runs = new Set<string>();
let largestHistory = 0;
let turns = 0;
while (turns < TURNS) {
  await env.sleep(100 * WEEK);
  const [state, description] = await Promise.all([
    handle.query(journeyStateQuery),
    handle.describe(),
  ]);
  runs.add(description.runId);
  largestHistory = Math.max(largestHistory, description.historyLength);
  const now = Math.floor(state.steps / 3);
  if (now === turns) {
    console.log(`the test server wedged the journey at ${turns} turns (see the note at the top)`);
    break;
  }
  turns = now;
}
const seconds = (Date.now() - started) / 1000;
await handle.signal(customerEventSignal, {
  id: 'stop',
  type: 'stop',
  properties: {},
  occurredAt: new Date().toISOString(),
});
const end = (await handle.result()) as JourneyState;

console.log(`
Herald loop: one journey, "wait a week, check, go to the wait", on the time-skipping server
  turns                 ${turns} (${end.steps} steps, outcome ${end.outcome})
  speed                 ${(turns / seconds).toFixed(0)} turns/s (${seconds.toFixed(0)} s)
  runs seen             ${runs.size} or more (continued as new every 2,000 history events)
  largest run history   ${largestHistory} events (Temporal warns at 10,240 and stops at 51,200)
`);
await h.close();
await env.teardown();
await stack.stop();
process.exit(0);
