// The nodes that choose the journey's way: a condition (yes or no), a branch (the first of
// several that holds) and an A/B split. The rules they test are in ../graph-rules.ts.
import { z } from 'zod';
import { NodeBase } from '../graph-base.ts';
import { ConditionRule } from '../graph-rules.ts';
import { duplicates, type KindRegistry } from './kind.ts';

export const ConditionNode = z.object({
  ...NodeBase,
  kind: z.literal('condition'),
  rule: ConditionRule,
});
export type ConditionNode = z.infer<typeof ConditionNode>;

/** A condition with several exits: the first branch whose rules all hold wins, else "else". */
export const BranchNode = z.object({
  ...NodeBase,
  kind: z.literal('branch'),
  branches: z
    .array(
      z.object({
        name: z
          .string()
          .min(1)
          .max(32)
          .regex(/^[A-Za-z0-9_-]+$/, 'name branches with letters, digits, "_" or "-"')
          .refine(
            (n) => n !== 'else',
            '"else" is the exit when no branch holds; name it otherwise',
          ),
        rules: z.array(ConditionRule).min(1, 'add at least one rule to the branch'),
      }),
    )
    .min(1, 'add at least one branch'),
});
export type BranchNode = z.infer<typeof BranchNode>;

const VariantName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'name variants with letters, digits, "_" or "-"')
  .refine(
    (n) => n !== 'control',
    '"control" is the control group\'s exit; name the variant otherwise',
  );

/**
 * A/B split: each customer draws one variant by weight (stable per customer and node), or the
 * control group, which is sent nothing but still counts for the campaign's goal.
 */
export const SplitNode = z.object({
  ...NodeBase,
  kind: z.literal('split'),
  variants: z
    .array(
      z.object({
        name: VariantName,
        weight: z.number().positive('a variant needs a weight above 0'),
      }),
    )
    .min(1, 'add at least one variant'),
  /** Weight of the control group beside the variants' weights; 0 or absent: no control group. */
  controlWeight: z.number().min(0).optional(),
});
export type SplitNode = z.infer<typeof SplitNode>;

export const decideNodes = [ConditionNode, BranchNode, SplitNode] as const;
export type DecideNode = z.infer<(typeof decideNodes)[number]>;

export const decideRules: KindRegistry<DecideNode> = {
  condition: {
    exits: () => ['yes', 'no'],
    docs: { exits: 'yes, no', does: 'one rule (below)' },
  },
  branch: {
    exits: (node) => [...node.branches.map((b) => b.name), 'else'],
    problems: (node) =>
      duplicates(node.branches.map((b) => b.name)).map(
        (name) => `two branches are named "${name}": give each its own name`,
      ),
    docs: { exits: 'one per branch, else', does: 'the first branch whose rules all hold' },
  },
  split: {
    exits: (node) => [
      ...node.variants.map((v) => v.name),
      ...((node.controlWeight ?? 0) > 0 ? ['control'] : []),
    ],
    graphProblems(node, graph) {
      const problems: string[] = [];
      if (duplicates(node.variants.map((v) => v.name)).length > 0)
        problems.push('give each variant its own name');
      const control = graph.exitTo(node.id, 'control');
      if (control !== undefined && graph.sendsFrom(control))
        problems.push(
          'the control group must not be sent anything: remove the send after "control"',
        );
      return problems;
    },
    docs: {
      exits: 'one per variant, control',
      does: 'A/B/n by weight; the draw is a hash of campaign, node and customer, so it is stable; the control group may not be sent anything but counts for conversions',
    },
  },
};
