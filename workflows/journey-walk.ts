// Walks a campaign graph node by node. Every side effect is an activity; every decision is
// pure code over what activities returned and the events the journey received, so it replays.
import {
  ApplicationFailure,
  continueAsNew,
  patched,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { eventMatches } from '../core/conditions.ts';
import {
  assertNever,
  type CampaignGraph,
  durationMs,
  type ExitName,
  findNode,
  type GraphNode,
  nextNodeId,
} from '../core/graph.ts';
import { drawSplit } from '../core/split.ts';
import { recordStep } from './journey-activities.ts';
import { runHttpCall, runSendEmail, runSendMessage, runUpdateProfile } from './journey-actions.ts';
import type { JourneyEvent, JourneyInput, JourneyState } from './journey-api.ts';
import { chooseBranch, decide } from './journey-decide.ts';
import {
  waitForDateAttribute,
  waitForWindow,
  waitOutAbandonment,
  waitUntil,
  waitUntilInstant,
} from './journey-waits.ts';
import type { journeyWorkflow } from './journey.ts';
import { CampaignIdKey, JourneyNodeKey } from './search-attributes.ts';

export interface Walk {
  workflowId: string;
  input: JourneyInput;
  graph: CampaignGraph;
  state: JourneyState;
  /** Events of this customer received since the journey started, in arrival order. */
  received: JourneyEvent[];
  /** How many times the journey has entered each node (message keys and message conditions). */
  visits: Map<string, number>;
  /** Whether this journey counts its steps (set by walkGraph behind a patch). */
  counting?: boolean;
}

/** Past this many history events a journey continues as new, long before Temporal's limits. */
const HISTORY_BUDGET = 2_000;
const REMEMBERED = 100;

export async function walkGraph(w: Walk): Promise<void> {
  const { visits } = w;
  let nodeId = w.input.resume?.nodeId ?? nextNodeId(w.graph, w.input.triggerNodeId, 'next');
  // Journeys that started before node counters existed replay as they ran, without them.
  w.counting = patched('node-counters');
  // A fresh journey has just left its trigger; a continued one resumes mid-graph.
  let left: { nodeId: string; exit: string } | undefined = w.input.resume
    ? undefined
    : { nodeId: w.input.triggerNodeId, exit: 'next' };
  const trigger = findNode(w.graph, w.input.triggerNodeId);
  if (!w.input.resume && trigger?.kind === 'trigger') await waitOutAbandonment(w, trigger);
  while (nodeId !== undefined) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > HISTORY_BUDGET) {
      if (left) await countStep(w, { left });
      // A loop runs for as long as it needs: carry on in a fresh run with a short history.
      await continueAsNew<typeof journeyWorkflow>({
        ...w.input,
        resume: {
          nodeId,
          visits: Object.fromEntries(visits),
          received: w.received.slice(-REMEMBERED),
          path: w.state.path.slice(-REMEMBERED),
          steps: w.state.steps,
        },
      });
    }
    const node = requireNode(w.graph, nodeId);
    const visit = (visits.get(node.id) ?? 0) + 1;
    visits.set(node.id, visit);
    w.state.currentNode = node.id;
    showNode(node.id);
    await countStep(w, { left, entered: node.id });
    // On the path once counted: a journey that leaves (goal met) at this instant never got here.
    w.state.path.push(node.id);
    w.state.steps++;
    const exit = node.kind === 'goto' ? 'goto' : await exitOf(w, node, visit);
    left = exit === undefined ? undefined : { nodeId: node.id, exit };
    nodeId = node.kind === 'goto' ? node.target : exit && nextNodeId(w.graph, node.id, exit);
  }
  if (left) await countStep(w, { left }); // an unconnected exit ends the journey
  w.state.currentNode = null;
  showNode(null);
}

/** Counts a step on the canvas's counters and records where the journey is now. */
async function countStep(
  w: Walk,
  step: { left?: { nodeId: string; exit: string }; entered?: string },
): Promise<void> {
  if (!w.counting) return;
  await recordStep({
    workflowId: w.workflowId,
    campaignId: w.input.campaignId,
    version: w.input.version,
    ...step,
  });
}

/**
 * Publishes the current node as the JourneyNode search attribute. Behind a patch: journeys that
 * started before it existed replay without these commands.
 */
function showNode(nodeId: string | null): void {
  // A journey started without search attributes (a namespace missing them) has none to update.
  if (workflowInfo().typedSearchAttributes.get(CampaignIdKey) === undefined) return;
  if (!patched('journey-node-search-attribute')) return;
  upsertSearchAttributes([{ key: JourneyNodeKey, value: nodeId }]); // null removes it
}

/** Runs one node and says which exit the journey leaves it by (undefined: the journey ends). */
async function exitOf(w: Walk, node: GraphNode, visit: number): Promise<ExitName | undefined> {
  switch (node.kind) {
    case 'trigger':
    case 'scheduleTrigger':
    case 'dateTrigger':
    case 'inactivityTrigger':
      return 'next';
    case 'delay':
      await waitUntil(w, node.id, durationMs(node.duration));
      return 'next';
    case 'delayUntil':
      await waitUntilInstant(w, node.id, new Date(node.until));
      return 'next';
    case 'delayUntilAttribute':
      return (await waitForDateAttribute(w, node)) ? 'next' : 'missing';
    case 'waitForEvent': {
      const from = w.received.length; // only events that arrive while waiting count
      const arrived = () => w.received.slice(from).some((e) => eventMatches(node, e));
      return (await waitUntil(w, node.id, durationMs(node.timeout), arrived)) ? 'event' : 'timeout';
    }
    case 'waitUntilWindow':
      await waitForWindow(w, node.id, node.window);
      return 'next';
    case 'condition':
      return (await decide(w, node.rule)) ? 'yes' : 'no';
    case 'branch':
      return chooseBranch(w, node.branches);
    case 'sendEmail':
      await runSendEmail(w, node, visit);
      return 'next';
    case 'sendMessage':
      return runSendMessage(w, node, visit);
    case 'updateProfile':
      await runUpdateProfile(w, node, visit);
      return 'next';
    case 'httpCall':
      return runHttpCall(w, node, visit);
    case 'split':
      return drawSplit(node, `${w.input.campaignId}:${node.id}:${w.input.customerId}`);
    case 'exit':
    case 'goto': // handled by walkGraph
      return undefined;
    default:
      return assertNever(node);
  }
}

function requireNode(graph: CampaignGraph, id: string): GraphNode {
  const node = findNode(graph, id);
  // Publishing validates graphs, so this means a corrupt version: retrying cannot help.
  if (!node)
    throw ApplicationFailure.nonRetryable(`the campaign graph has no node "${id}"`, 'InvalidGraph');
  return node;
}
