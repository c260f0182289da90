// Checks a graph before it is published. Each problem names its node so that the canvas can
// show it in place and the api can answer with a list a marketer can act on.
import {
  type CampaignGraph,
  exitsOf,
  type GraphNode,
  type GraphView,
  isTriggerKind,
  nodeProblems,
  rulesOf,
  successors,
} from './graph.ts';

export interface GraphProblem {
  nodeId?: string;
  message: string;
}

export function validateGraph(graph: CampaignGraph): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (byId.has(node.id))
      problems.push({ nodeId: node.id, message: `two nodes share the id "${node.id}"` });
    byId.set(node.id, node);
  }
  const triggers = graph.nodes.filter((n) => isTriggerKind(n.kind));
  if (triggers.length === 0)
    problems.push({ message: 'add a trigger node: a campaign needs an entry' });

  for (const edge of graph.edges) {
    const from = byId.get(edge.from);
    if (!from) problems.push({ message: `an edge leaves "${edge.from}", which is not a node` });
    else if (!exitsOf(from).includes(edge.exit))
      problems.push({ nodeId: from.id, message: `a ${from.kind} node has no "${edge.exit}" exit` });
    if (!byId.has(edge.to))
      problems.push({
        nodeId: edge.from,
        message: `an edge leads to "${edge.to}", which is not a node`,
      });
    else if (isTriggerKind(byId.get(edge.to)?.kind ?? ''))
      problems.push({ nodeId: edge.to, message: 'nothing may lead into a trigger' });
  }
  for (const node of graph.nodes) {
    for (const exit of exitsOf(node)) {
      const count = graph.edges.filter((e) => e.from === node.id && e.exit === exit).length;
      if (count === 0) problems.push({ nodeId: node.id, message: `connect the "${exit}" exit` });
      if (count > 1)
        problems.push({
          nodeId: node.id,
          message: `the "${exit}" exit is connected ${count} times; keep one`,
        });
    }
  }
  const reachable = new Set<string>();
  const queue = triggers.map((t) => t.id);
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    const node = byId.get(id);
    if (node) queue.push(...successors(graph, node));
  }
  for (const node of graph.nodes)
    if (!reachable.has(node.id))
      problems.push({ nodeId: node.id, message: 'no trigger leads here: connect it or delete it' });
  const view = graphView(graph, byId);
  for (const node of graph.nodes)
    for (const message of rulesOf(node).graphProblems?.(node, view) ?? [])
      problems.push({ nodeId: node.id, message });
  for (const loop of loops(graph, byId)) {
    if (
      loop.some((id) => {
        const node = byId.get(id);
        return node !== undefined && rulesOf(node).holdsLoops === true;
      })
    )
      continue;
    const jumps = (id: string) => {
      const node = byId.get(id);
      return node !== undefined && rulesOf(node).jumpsTo !== undefined;
    };
    const at = loop.find(jumps) ?? loop[0];
    problems.push({
      nodeId: at,
      message: 'this loop has no delay or wait in it and would spin: add one',
    });
  }
  for (const node of graph.nodes)
    for (const message of nodeProblems(node)) problems.push({ nodeId: node.id, message });
  return problems;
}

/** The graph as the per-kind checks of nodes/ read it. */
function graphView(graph: CampaignGraph, byId: Map<string, GraphNode>): GraphView {
  const sends = (node: GraphNode | undefined) =>
    node !== undefined && rulesOf(node).templates !== undefined;
  return {
    node: (id) => byId.get(id),
    exitTo: (from, exit) => graph.edges.find((e) => e.from === from && e.exit === exit)?.to,
    isEntry: isTriggerKind,
    sendsFrom(start) {
      const seen = new Set<string>();
      const queue = [start];
      while (queue.length > 0) {
        const id = queue.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        if (sends(byId.get(id))) return true;
        for (const e of graph.edges) if (e.from === id) queue.push(e.to);
      }
      return false;
    },
  };
}

/** The loops of a graph: its strongly connected components that cycle (Tarjan's algorithm). */
function loops(graph: CampaignGraph, byId: Map<string, GraphNode>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const next = (id: string) => {
    const node = byId.get(id);
    return node ? successors(graph, node).filter((t) => byId.has(t)) : [];
  };
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const to of next(id)) {
      if (!index.has(to)) {
        visit(to);
        low.set(id, Math.min(low.get(id)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(id, Math.min(low.get(id)!, index.get(to)!));
    }
    if (low.get(id) !== index.get(id)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== id);
    if (component.length > 1 || next(id).includes(id)) found.push(component.reverse());
  };
  for (const id of byId.keys()) if (!index.has(id)) visit(id);
  return found;
}
