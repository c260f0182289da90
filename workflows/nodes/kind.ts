// How the journey runs each node kind. One family module per palette group (start, wait,
// decide, act, finish), beside core/nodes/ which holds the same kinds' schemas and rules;
// nodes/index.ts joins the families into one registry the compiler checks covers every kind.
import type { ExitName, NodeOf } from '../../core/graph.ts';
import type { Walk } from '../journey-context.ts';

/**
 * The interpretation of one kind. Written as methods so that the step of one kind (taking that
 * kind's node) stands in the registry of all kinds; the registry's mapped type pairs them.
 */
export interface NodeStep<N> {
  /**
   * Runs the node on its `visit`-th visit and says which exit the journey leaves by
   * (undefined: the journey ends here). Side effects are activities, decisions pure code.
   */
  run(w: Walk, node: N, visit: number): Promise<ExitName | undefined>;
  /** A trigger's part before the journey leaves it (an abandonment trigger's quiet period). */
  admit?(w: Walk, node: N): Promise<void>;
}

export type StepRegistry<N extends { kind: string }> = {
  [K in N['kind']]: NodeStep<NodeOf<N, K>>;
};
