// What core knows of each node kind, beside its schema: its exits, the mistakes a marketer can
// make in it, how it takes part in the graph's checks, and its line in the README. One
// family module per palette group (start, wait, decide, act, finish) holds its kinds' schemas
// and rules; nodes/index.ts joins them into the graph's union and one registry over every kind.

/** The node of a union whose kind is K. */
export type NodeOf<N extends { kind: string }, K extends N['kind']> = Extract<N, { kind: K }>;

/** The edges and nodes of a graph as the per-kind graph checks read them. */
export interface GraphView {
  node(id: string): { id: string; kind: string } | undefined;
  /** Where the exit of a node leads, if it is connected. */
  exitTo(from: string, exit: string): string | undefined;
  /** Whether a journey arriving at `id` can go on to send anything. */
  sendsFrom(id: string): boolean;
  isEntry(kind: string): boolean;
}

/**
 * The rules of one kind. Written as methods so that the rules of one kind (whose methods take
 * that kind's node) stand in the registry of all kinds; the registry's mapped type is what
 * pairs each kind with its own node.
 */
export interface KindRules<N> {
  /** The exits a node of this kind has; an edge leaves a node by one of them. */
  exits(node: N): string[];
  /** Mistakes in the node's own settings that its schema cannot express, each said as a fix. */
  problems?(node: N): string[];
  /** Mistakes only the whole graph shows (a go-to's target, a control group that is sent to). */
  graphProblems?(node: N, graph: GraphView): string[];
  /** A node the journey jumps to besides its exits (a go-to's target). */
  jumpsTo?(node: N): string;
  /** Whether a journey always waits here, so that a loop through the node cannot spin. */
  holdsLoops?: boolean;
  /** Whether a journey enters the campaign here (the triggers). */
  entry?: boolean;
  /** The templates the node sends, each with the field that names it. */
  templates?(node: N): { field: string; templateId: string }[];
  /** Its row in the README (scripts/node-docs.ts): which exits it has and what it does, for marketers. */
  docs: { exits: string; does: string };
}

/** The rules of every kind of a family (or of the whole graph): a missing kind is a type error. */
export type KindRegistry<N extends { kind: string }> = {
  [K in N['kind']]: KindRules<NodeOf<N, K>>;
};

/** Names in a node's settings that must differ ("two branches are named ..."). */
export const duplicates = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);
