// What a running journey needs from its graph, with no zod in it: the workflow bundle is
// evaluated anew for every journey, and building the graph's schemas there cost more CPU than
// the journey itself (issue 18's profile). core/graph.ts re-exports these for everyone else;
// workflows import them from here, and eslint keeps zod out of workflows/. The types are
// structural, so this file imports nothing (core/graph.ts and core/duration.ts re-export it).

export function findNode<N extends { id: string }>(
  graph: { nodes: N[] },
  id: string,
): N | undefined {
  return graph.nodes.find((n) => n.id === id);
}

/** The node an exit leads to, or undefined when the exit is unconnected (the journey ends). */
export function nextNodeId(
  graph: { edges: { from: string; to: string; exit: string }[] },
  from: string,
  exit: string,
): string | undefined {
  return graph.edges.find((e) => e.from === from && e.exit === exit)?.to;
}

/**
 * Where a node sends the journey without an edge: a go-to's target, as the go-to's `jumpsTo`
 * rule in core/nodes/finish.ts says (that rule table is zod-backed, so the walk cannot use it).
 */
export function jumpTarget(node: { kind: string; target?: string }): string | undefined {
  return node.kind === 'goto' ? node.target : undefined;
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}

type Duration = { amount: number; unit: 'seconds' | 'minutes' | 'hours' | 'days' };
const unitMs: Record<Duration['unit'], number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};
export function durationMs(d: Duration): number {
  return Math.round(d.amount * unitMs[d.unit]);
}
