// A test run of a draft: the tester's journey through the graph being edited, started at once,
// without publishing and whatever the re-entry rule says. It runs as the journeyTest workflow
// type, whose messages are marked as test; its entry is marked too (db/test-runs.ts). Nothing
// is written to the customer's timeline: a test run is no event of theirs.
import { randomUUID } from 'node:crypto';
import type { CampaignGraph } from '../core/graph.ts';
import { HeraldError } from '../core/errors.ts';
import { TEST_RUN_VERSION } from '../core/test-runs.ts';
import { deleteEntry, markJourneyStarted } from '../db/entries.ts';
import { insertTestEntry } from '../db/test-runs.ts';
import { TEST_JOURNEY_WORKFLOW_TYPE } from '../workflows/journey-api.ts';
import type { EntryDeps } from './deps.ts';
import { type StartedJourney, startJourneyWorkflow } from './journeys.ts';

export async function startTestRun(
  deps: EntryDeps,
  run: {
    campaignId: string;
    graph: CampaignGraph;
    triggerNodeId: string;
    customerId: string;
    properties: Record<string, unknown>;
  },
): Promise<StartedJourney> {
  const trigger = run.graph.nodes.find((n) => n.id === run.triggerNodeId);
  const entry = await insertTestEntry(deps.db, run);
  const event = {
    id: randomUUID(),
    // The event the trigger waits for, so templates read {{ event.* }} as a live entry would.
    type: trigger?.kind === 'trigger' ? trigger.eventType : 'test_run',
    properties: { ...run.properties, campaignId: run.campaignId, testRun: true },
    occurredAt: new Date().toISOString(),
  };
  try {
    await startJourneyWorkflow(
      deps,
      entry.workflow_id,
      {
        campaignId: run.campaignId,
        version: TEST_RUN_VERSION,
        customerId: run.customerId,
        triggerNodeId: run.triggerNodeId,
        triggerEvent: event,
        graph: run.graph,
      },
      TEST_JOURNEY_WORKFLOW_TYPE,
    );
  } catch (err) {
    await deleteEntry(deps.db, entry.id);
    throw new HeraldError(
      503,
      'temporal_unavailable',
      `The test run could not start (${(err as Error).message}); try again.`,
    );
  }
  await markJourneyStarted(deps.db, entry.id, run.campaignId);
  return { campaignId: run.campaignId, version: TEST_RUN_VERSION, workflowId: entry.workflow_id };
}
