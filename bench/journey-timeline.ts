// Where an idle journey's time goes: posts N signed_up events one at a time (each starting a
// Welcome journey that sends one email), then reads every journey's history back and prints the
// median time of each stage, from the POST to the journey's end, and the history's size. The
// stages are those of a journeyV3 run: one workflow task, the send a local activity in it.
// Usage: node --import tsx bench/journey-timeline.ts [events=30]
// The same stack as bench/events.ts (bench/welcome-stack.ts).
import proto from '@temporalio/proto';
import { eventually } from '../scripts/testing/harness.ts';
import { startWelcomeBench } from './welcome-stack.ts';

const N = Number(process.argv[2] ?? 30);
// @temporalio/proto is CommonJS: its namespaces hang off the default export.
const EventType = proto.temporal.api.enums.v1.EventType;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

const { h, campaignId, signUp, close } = await startWelcomeBench('timeline');

const stages = new Map<string, number[]>();
const note = (stage: string, value: number) =>
  stages.set(stage, [...(stages.get(stage) ?? []), value]);
const sizes: number[] = [];
for (let i = 0; i < N; i++) {
  const id = `tl-${i}`;
  const postedAt = Date.now();
  const res = await signUp(id);
  const answeredAt = Date.now();
  const { journeysStarted } = res.body as { journeysStarted: { workflowId: string }[] };
  const workflowId = journeysStarted[0]!.workflowId;
  await h.temporal.workflow.getHandle(workflowId).result();
  const { events } = await h.temporal.workflow.getHandle(workflowId).fetchHistory();
  const list = events ?? [];
  sizes.push(list.length);
  const at = (type: proto.temporal.api.enums.v1.EventType, nth = 0) =>
    ms(list.filter((e) => e.eventType === type)[nth]?.eventTime);
  const started = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const firstTaskStarted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const firstTaskDone = at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const closed = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  note('POST answered', answeredAt - postedAt);
  note('POST → workflow started (server clock)', started - postedAt);
  note('started → workflow task picked up', firstTaskStarted - started);
  // A journeyV3 run sends in its first task, as a local activity that also records the end.
  note('workflow task (send: claim, render, SMTP, end)', firstTaskDone - firstTaskStarted);
  note('task done → journey closed', closed - firstTaskDone);
  note('POST → journey closed', closed - postedAt);
}
const entries = await eventually(async () => {
  const rows = await h
    .db('campaign_entries')
    .where({ campaign_id: campaignId, status: 'completed' });
  return rows.length === N + 1 ? rows : undefined;
});

console.log(`\nAn idle Welcome journey, median of ${N} (${entries.length - 1} completed):`);
for (const [stage, values] of stages)
  console.log(`  ${stage.padEnd(52)} ${median(values).toFixed(0)} ms`);
console.log(`  history events per journey                          ${median(sizes)}`);
await close();
process.exit(0);
