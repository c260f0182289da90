// The nodes that end a path: a go-to, which jumps back (a loop) or ahead, and an exit.
import { z } from 'zod';
import { NodeBase, NodeId } from '../graph-base.ts';
import type { KindRegistry } from './kind.ts';

/** Jumps to another node: the way to draw a loop ("remind again next week"). */
export const GotoNode = z.object({ ...NodeBase, kind: z.literal('goto'), target: NodeId });
export type GotoNode = z.infer<typeof GotoNode>;
export const ExitNode = z.object({ ...NodeBase, kind: z.literal('exit') });
export type ExitNode = z.infer<typeof ExitNode>;

export const finishNodes = [GotoNode, ExitNode] as const;
export type FinishNode = z.infer<(typeof finishNodes)[number]>;

export const finishRules: KindRegistry<FinishNode> = {
  goto: {
    exits: () => [],
    jumpsTo: (node) => node.target,
    graphProblems(node, graph) {
      const target = graph.node(node.target);
      if (!target) return [`"${node.target}" is not a node: pick the step to go to`];
      return graph.isEntry(target.kind) || target.id === node.id
        ? ['go to a step after the trigger, other than this one']
        : [];
    },
    docs: {
      exits: '',
      does: 'jumps to another step: loops; a loop must contain a delay or a wait for an event; long journeys continue as new',
    },
  },
  exit: { exits: () => [], docs: { exits: '', does: 'ends the journey' } },
};
