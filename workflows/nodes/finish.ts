// The nodes that end a path. A go-to leaves by its "goto" exit; the walk follows its target
// (core's jumpsTo). An exit ends the journey.
import type { FinishNode } from '../../core/graph.ts';
import type { StepRegistry } from './kind.ts';

export const finishSteps: StepRegistry<FinishNode> = {
  goto: { run: () => Promise.resolve('goto') },
  exit: { run: () => Promise.resolve(undefined) },
};
