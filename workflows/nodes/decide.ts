// The nodes that choose the way, as a journey runs them: conditions and branches decide their
// rules (../journey-decide.ts); a split draws a variant by a stable hash (core/split.ts).
import type { DecideNode } from '../../core/graph.ts';
import { drawSplit } from '../../core/split.ts';
import { chooseBranch, decide } from '../journey-decide.ts';
import type { StepRegistry } from './kind.ts';

export const decideSteps: StepRegistry<DecideNode> = {
  condition: { run: async (w, node) => ((await decide(w, node.rule)) ? 'yes' : 'no') },
  branch: { run: (w, node) => chooseBranch(w, node.branches) },
  split: {
    run: (w, node) =>
      Promise.resolve(drawSplit(node, `${w.input.campaignId}:${node.id}:${w.input.customerId}`)),
  },
};
