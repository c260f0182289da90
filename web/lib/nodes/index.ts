// The one registry of node kinds for the canvas: the node component, palette, side panel, card
// summaries and minimap all read it. Its `satisfies` fails until every kind of core/graph.ts has
// an entry in its family's module (nodes/index.test.ts checks the same at run time).
import type { GraphNode, NodeKind, NodeOf } from '../../../core/graph.ts';
import { actKinds } from './act.ts';
import { decideKinds } from './decide.ts';
import { finishKinds } from './finish.ts';
import type { KindSpec, PaletteGroup, SpecRegistry } from './kind.ts';
import { startKinds } from './start.ts';
import { waitKinds } from './wait.ts';

export type { KindSpec, PaletteGroup } from './kind.ts';

export const paletteGroups: PaletteGroup[] = ['Start', 'Wait', 'Decide', 'Act', 'Finish'];

export const nodeKinds = {
  ...startKinds,
  ...waitKinds,
  ...decideKinds,
  ...actKinds,
  ...finishKinds,
} satisfies SpecRegistry<NodeKind>;

export function kindSpec(kind: string): KindSpec | undefined {
  return (nodeKinds as Partial<Record<string, KindSpec>>)[kind];
}

/** The spec of a node's own kind. */
function specOf<K extends NodeKind>(node: NodeOf<GraphNode, K>): KindSpec<K> {
  const registry: SpecRegistry<NodeKind> = nodeKinds;
  return registry[node.kind];
}

/** A one-line, marketer-readable description of a step. */
export function summarizeNode(node: GraphNode): string {
  return specOf(node).summary(node);
}

/** A new node of a kind with an id no other node has: "delay", "delay-2", "delay-3"... */
export function newNode(kind: NodeKind, taken: ReadonlySet<string>): GraphNode {
  let id: string = kind;
  for (let i = 2; taken.has(id); i++) id = `${kind}-${i}`;
  return { id, kind, ...nodeKinds[kind].defaults() } as GraphNode;
}
