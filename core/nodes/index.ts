// Every node kind of the campaign graph: the union of the families' schemas, and one registry of
// their rules that the compiler checks covers each kind. A new kind goes into its family's
// module (its schema in the family's list, its rules in the family's registry); nothing here
// changes unless a family is added.
import { z } from 'zod';
import { actNodes, actRules } from './act.ts';
import { decideNodes, decideRules } from './decide.ts';
import { finishNodes, finishRules } from './finish.ts';
import type { KindRegistry, KindRules, NodeOf } from './kind.ts';
import { startNodes, startRules } from './start.ts';
import { waitNodes, waitRules } from './wait.ts';

export * from './act.ts';
export * from './decide.ts';
export * from './finish.ts';
export * from './kind.ts';
export * from './start.ts';
export * from './wait.ts';

export const GraphNode = z.discriminatedUnion('kind', [
  ...startNodes,
  ...waitNodes,
  ...decideNodes,
  ...actNodes,
  ...finishNodes,
]);
export type GraphNode = z.infer<typeof GraphNode>;
export type NodeKind = GraphNode['kind'];

/** The families, in palette order; each kind belongs to one. */
export const nodeFamilies = {
  start: startRules,
  wait: waitRules,
  decide: decideRules,
  act: actRules,
  finish: finishRules,
} as const;
export type NodeFamily = keyof typeof nodeFamilies;

export const nodeRules: KindRegistry<GraphNode> = {
  ...startRules,
  ...waitRules,
  ...decideRules,
  ...actRules,
  ...finishRules,
};

/** The rules of a node's own kind. */
export function rulesOf<K extends NodeKind>(node: NodeOf<GraphNode, K>): KindRules<typeof node> {
  // The registry's mapped type pairs each kind with the rules of its own node.
  return nodeRules[node.kind];
}

export const TRIGGER_KINDS = Object.keys(startRules) as (keyof typeof startRules)[];
export type TriggerKind = (typeof TRIGGER_KINDS)[number];
export const isTriggerKind = (kind: string): kind is TriggerKind =>
  (nodeRules as Partial<Record<string, KindRules<never>>>)[kind]?.entry === true;

/** Checks on one node's own settings that its schema cannot express, each said as a fix. */
export function nodeProblems(node: GraphNode): string[] {
  return rulesOf(node).problems?.(node) ?? [];
}
