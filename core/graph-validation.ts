// Checks a graph before it is published. Each problem names its node so that the canvas can
// show it in place and the api can answer with a list a marketer can act on.
import { type CampaignGraph, exitsOf, type GraphNode } from './graph.ts';

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
  const triggers = graph.nodes.filter((n) => n.kind === 'trigger');
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
    else if (byId.get(edge.to)?.kind === 'trigger')
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
    for (const e of graph.edges) if (e.from === id) queue.push(e.to);
  }
  for (const node of graph.nodes)
    if (!reachable.has(node.id))
      problems.push({ nodeId: node.id, message: 'no trigger leads here: connect it or delete it' });
  for (const node of graph.nodes) {
    if (node.kind !== 'split') continue;
    const names = node.variants.map((v) => v.name);
    if (new Set(names).size !== names.length)
      problems.push({ nodeId: node.id, message: 'give each variant its own name' });
    const control = graph.edges.find((e) => e.from === node.id && e.exit === 'control');
    if (control && sendsFrom(graph, control.to)) {
      problems.push({
        nodeId: node.id,
        message: 'the control group must not be sent anything: remove the send after "control"',
      });
    }
  }
  if (hasCycle(graph))
    problems.push({ message: 'the graph has a loop; loops arrive with the "go to" node' });
  return problems;
}

/** Whether any send node can be reached from `start`. */
function sendsFrom(graph: CampaignGraph, start: string): boolean {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (graph.nodes.find((n) => n.id === id)?.kind === 'sendEmail') return true;
    for (const e of graph.edges) if (e.from === id) queue.push(e.to);
  }
  return false;
}

function hasCycle(graph: CampaignGraph): boolean {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'open') return true;
    if (state.get(id) === 'done') return false;
    state.set(id, 'open');
    for (const e of graph.edges) if (e.from === id && visit(e.to)) return true;
    state.set(id, 'done');
    return false;
  };
  return graph.nodes.some((n) => visit(n.id));
}
