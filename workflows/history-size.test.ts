// What a journey that never waits costs Temporal, counted event by event, so the cost cannot
// creep back unseen: every history event is a write, every search-attribute upsert also a
// visibility write. Each count below is the least the journey needs; a change that adds one
// must say why here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import proto from '@temporalio/proto';
import type { CampaignGraph } from '../core/graph.ts';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

// @temporalio/proto is CommonJS: its namespaces hang off the default export.
const { EventType } = proto.temporal.api.enums.v1;

let h: Harness;
let templateId: string;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  templateId = await createTemplate(h, welcomeTemplate);
});
after(() => h.close());

/** The history of the journey one event starts, by kind: event type, or marker name. */
async function historyOf(type: string, externalId: string): Promise<Map<string, number>> {
  const res = await h.api('/v1/events', {
    body: { type, externalId, customer: { email: `${externalId}@example.com` } },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const [journey] = (res.body as { journeysStarted: { workflowId: string }[] }).journeysStarted;
  assert.ok(journey, 'the event started a journey');
  const handle = h.temporal.workflow.getHandle(journey.workflowId);
  await handle.result();
  const kinds = new Map<string, number>();
  for (const e of (await handle.fetchHistory()).events ?? []) {
    const kind =
      e.markerRecordedEventAttributes?.markerName ?? EventType[e.eventType ?? 0] ?? 'unknown';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return kinds;
}

/**
 * Start, send, finish: one workflow task, where a bare workflow with one activity has two
 * around the activity task (eleven events).
 */
const sendsOnce = {
  EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: 1,
  EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: 1,
  EVENT_TYPE_WORKFLOW_TASK_STARTED: 1,
  EVENT_TYPE_WORKFLOW_TASK_COMPLETED: 1,
  // The send, as a local activity in the task that reached it. The graph comes in the input
  // (the api has it); the steps up to the send are counted by the send, in the statement that
  // claims its message, and the send records the journey's end (only an exit follows it), so
  // there is no finishJourney. No patch marker and no upsert: a journeyV3 run is born with
  // every patch, and the journey never waits (JourneyNode is published only where it does).
  core_local_activity: 1,
  EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: 1,
};

test('the Welcome journey (send an email, exit) writes 6 history events, a bare workflow 11', async () => {
  const campaignId = await publishCampaign(h, 'Welcome', welcomeGraph(templateId));
  const kinds = await historyOf('signed_up', 'hs-welcome');
  assert.deepEqual(Object.fromEntries(kinds), sendsOnce);
  // The send recorded the end: the entry is finished, its steps counted once.
  const [entry] = await h.db('campaign_entries').where({ campaign_id: campaignId });
  assert.equal(entry.status, 'completed');
  assert.ok(entry.finished_at);
  assert.equal(entry.current_node, null);
  const stats = await h.api(`/v1/campaigns/${campaignId}/stats`);
  const nodes = (stats.body as { nodes: { nodeId: string; entered: number }[] }).nodes;
  assert.ok(nodes.length > 1 && nodes.every((n) => n.entered === 1), JSON.stringify(nodes));
});

test('steps that decide without waiting add no history: a split before the send costs nothing', async () => {
  const graph: CampaignGraph = {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'joined' },
      { id: 'ab', kind: 'split', variants: [{ name: 'a', weight: 1 }] },
      { id: 'mail', kind: 'sendEmail', templateId },
      { id: 'done', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'ab', exit: 'next' },
      { from: 'ab', to: 'mail', exit: 'a' },
      { from: 'mail', to: 'done', exit: 'next' },
    ],
    reentry: { kind: 'once' },
  };
  const campaignId = await publishCampaign(h, 'Split then send', graph);
  const kinds = await historyOf('joined', 'hs-split');
  assert.deepEqual(Object.fromEntries(kinds), sendsOnce);
  // Recorded together, the steps still count one by one on the canvas.
  const stats = await h.api(`/v1/campaigns/${campaignId}/stats`);
  const entered = Object.fromEntries(
    (stats.body as { nodes: { nodeId: string; entered: number }[] }).nodes.map((n) => [
      n.nodeId,
      n.entered,
    ]),
  );
  assert.deepEqual(entered, { in: 1, ab: 1, mail: 1, done: 1 });
});
