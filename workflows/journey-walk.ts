// Walks a campaign graph node by node. Every side effect is an activity; every decision is
// pure code over what activities returned and the events the journey received, so it replays.
import { ApplicationFailure, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { CampaignGraph, GraphNode } from '../core/graph.ts';
import { findNode, jumpTarget, nextNodeId } from '../core/graph-walk.ts';
import type { JourneyWorkflow } from './journey-api.ts';
import type { Walk } from './journey-context.ts';
import { stepOf } from './nodes/index.ts';
import { features, hasFeature } from './patches.ts';

/** Past this many history events a journey continues as new, long before Temporal's limits. */
const HISTORY_BUDGET = 2_000;
const REMEMBERED = 100;

/** `w.progress` is made just before the walk: where its patches are first asked, as ever. */
export async function walkGraph(w: Walk): Promise<void> {
  const { visits } = w;
  let nodeId = w.input.resume?.nodeId ?? nextNodeId(w.graph, w.input.triggerNodeId, 'next');
  // A fresh journey has just left its trigger; a continued one resumes mid-graph.
  let left: { nodeId: string; exit: string } | undefined = w.input.resume
    ? undefined
    : { nodeId: w.input.triggerNodeId, exit: 'next' };
  const trigger = findNode(w.graph, w.input.triggerNodeId);
  if (!w.input.resume && trigger) await stepOf(trigger).admit?.(w, trigger);
  // An exit ends the run anyway; a last send may have recorded the end already (patches.ts).
  const endsHere = hasFeature(features.finishWithLastSend)
    ? (id: string) => findNode(w.graph, id)?.kind === 'exit'
    : () => false;
  while (nodeId !== undefined) {
    const info = workflowInfo();
    if ((info.continueAsNewSuggested || info.historyLength > HISTORY_BUDGET) && !endsHere(nodeId)) {
      if (left) await w.progress.step({ left });
      await w.progress.settle();
      // A loop runs for as long as it needs: carry on in a fresh run with a short history.
      await continueAsNew<JourneyWorkflow>({
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
    w.progress.show(node.id);
    await w.progress.step({ left, entered: node.id });
    // On the path once counted: a journey that leaves (goal met) at this instant never got here.
    w.state.path.push(node.id);
    w.state.steps++;
    const exit = await stepOf(node).run(w, node, visit);
    left = exit === undefined ? undefined : { nodeId: node.id, exit };
    nodeId = jumpTarget(node) ?? (exit && nextNodeId(w.graph, node.id, exit));
  }
  if (left) await w.progress.step({ left }); // an unconnected exit ends the journey
  w.state.currentNode = null;
  w.progress.show(null);
}

function requireNode(graph: CampaignGraph, id: string): GraphNode {
  const node = findNode(graph, id);
  // Publishing validates graphs, so this means a corrupt version: retrying cannot help.
  if (!node)
    throw ApplicationFailure.nonRetryable(`the campaign graph has no node "${id}"`, 'InvalidGraph');
  return node;
}
