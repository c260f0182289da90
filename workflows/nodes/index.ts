// Every node kind as a journey runs it: the families joined into one registry, which the
// compiler checks covers each kind of core's graph.
import type { GraphNode, NodeKind, NodeOf } from '../../core/graph.ts';
import { actSteps } from './act.ts';
import { decideSteps } from './decide.ts';
import { finishSteps } from './finish.ts';
import type { NodeStep, StepRegistry } from './kind.ts';
import { startSteps } from './start.ts';
import { waitSteps } from './wait.ts';

export const nodeSteps: StepRegistry<GraphNode> = {
  ...startSteps,
  ...waitSteps,
  ...decideSteps,
  ...actSteps,
  ...finishSteps,
};

/** The step of a node's own kind. */
export function stepOf<K extends NodeKind>(node: NodeOf<GraphNode, K>): NodeStep<typeof node> {
  return nodeSteps[node.kind];
}
