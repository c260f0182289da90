// The journey interpreter: one workflow per customer per campaign entry (DESIGN decision 1).
// It walks the graph of the version the customer entered with; every side effect is an activity.
import {
  ApplicationFailure,
  CancellationScope,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { evaluateAttributeRule } from '../core/conditions.ts';
import {
  assertNever,
  type CampaignGraph,
  type ConditionRule,
  durationMs,
  type ExitName,
  findNode,
  type GraphNode,
  nextNodeId,
} from '../core/graph.ts';
import { journeyMessageKey } from '../core/ids.ts';
import {
  customerEventSignal,
  type JourneyEvent,
  type JourneyInput,
  type JourneyState,
  journeyStateQuery,
} from './journey-api.ts';

// Short Postgres reads and writes run as local activities: in the worker that runs the
// workflow, without a round trip through the Temporal server per call. A journey starts in a
// fraction of the time, and its history stays small.
const { startJourney, loadProfile, markJourneyNode, finishJourney } =
  proxyLocalActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

// A provider outage should delay a send, not drop it: retry for as long as it takes.
const { sendEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export async function journeyWorkflow(input: JourneyInput): Promise<JourneyState> {
  const { workflowId } = workflowInfo();
  const state: JourneyState = { currentNode: null, path: [], wakeUpAt: null, eventsReceived: 0 };
  const received: JourneyEvent[] = [];
  setHandler(customerEventSignal, (event) => {
    received.push(event);
    state.eventsReceived = received.length;
  });
  setHandler(journeyStateQuery, () => state);

  const { graph } = await startJourney({
    workflowId,
    campaignId: input.campaignId,
    version: input.version,
  });
  const visits = new Map<string, number>();

  const decide = async (rule: ConditionRule): Promise<boolean> => {
    switch (rule.kind) {
      case 'attribute':
        return evaluateAttributeRule(rule, await loadProfile(input.customerId));
      case 'eventSinceEntry':
        return received.some((e) => e.type === rule.eventType);
      default:
        return assertNever(rule);
    }
  };

  /** Runs one node and says which exit the journey leaves it by (undefined: the journey ends). */
  const run = async (node: GraphNode, visit: number): Promise<ExitName | undefined> => {
    switch (node.kind) {
      case 'trigger':
        return 'next';
      case 'delay': {
        const ms = durationMs(node.duration);
        await markJourneyNode(workflowId, node.id);
        state.wakeUpAt = new Date(Date.now() + ms).toISOString();
        await sleep(ms);
        state.wakeUpAt = null;
        return 'next';
      }
      case 'condition':
        return (await decide(node.rule)) ? 'yes' : 'no';
      case 'sendEmail':
        await sendEmail({
          idempotencyKey: journeyMessageKey(workflowId, node.id, visit),
          customerId: input.customerId,
          templateId: node.templateId,
          campaignId: input.campaignId,
          nodeId: node.id,
          event: input.triggerEvent,
        });
        return 'next';
      case 'exit':
        return undefined;
      default:
        return assertNever(node);
    }
  };

  try {
    let nodeId = nextNodeId(graph, input.triggerNodeId, 'next');
    while (nodeId !== undefined) {
      const node = requireNode(graph, nodeId);
      const visit = (visits.get(node.id) ?? 0) + 1;
      visits.set(node.id, visit);
      state.currentNode = node.id;
      state.path.push(node.id);
      const exit = await run(node, visit);
      nodeId = exit === undefined ? undefined : nextNodeId(graph, node.id, exit);
    }
    state.currentNode = null;
    await finishJourney(workflowId, 'completed');
    return state;
  } catch (err) {
    // Recorded even when the journey was cancelled, so the entry does not stay "running".
    await CancellationScope.nonCancellable(() => finishJourney(workflowId, 'failed'));
    throw err;
  }
}

function requireNode(graph: CampaignGraph, id: string): GraphNode {
  const node = findNode(graph, id);
  // Publishing validates graphs, so this means a corrupt version: retrying cannot help.
  if (!node)
    throw ApplicationFailure.nonRetryable(`the campaign graph has no node "${id}"`, 'InvalidGraph');
  return node;
}
