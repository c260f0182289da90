// Pure conversion between a campaign graph (core/graph.ts) and React Flow nodes and edges, both
// ways: the canvas holds React Flow state, the api holds the definition. Kept free of React and
// DOM so it can be unit-tested with node:test and reused by any canvas.
import type { Edge, Node } from '@xyflow/react';
import {
  type CampaignGraph,
  exitsOf,
  type ExitName,
  type GraphNode,
  isTriggerKind,
  type NodeKind,
} from '../../core/graph.ts';
import { summarizeNode } from './nodes/index.ts';

export { summarizeNode };

/** What a canvas node needs to draw itself; a type alias so it satisfies Record<string, unknown>. */
export type StepData = {
  kind: NodeKind;
  /** The marketer's label, or the summary as a sentence when there is none. */
  title: string;
  /** Whether the title is the marketer's label (then the summary is shown under it). */
  labelled: boolean;
  /** One line saying what the step does, e.g. "wait 2 hours". */
  summary: string;
  /** The step's exits, one source handle each ("next", "yes"/"no", variants...). */
  exits: string[];
  /** The step's definition as saved (without its position, which React Flow holds). */
  node: GraphNode;
  /** What stops this step from being published, shown on the card. */
  problems?: string[];
  /** Live counters, on an active campaign's canvas. */
  stats?: {
    entered: number;
    waiting: number;
    sent: number;
    converted?: number;
    exits: Record<string, number>;
  };
  /** A followed journey (a test run) passed this step, or stands on it now. */
  trail?: 'visited' | 'current';
  /** How this step differs between two compared versions. */
  diff?: 'added' | 'removed' | 'changed';
};

export type StepNode = Node<StepData, NodeKind>;

/** Spacing of the fallback layout, in canvas pixels. */
export const LAYER_GAP = 120;
export const SIBLING_GAP = 260;

/** "next" edges carry no label; branches read "yes" / "no" or "event" / "timeout". */
export function exitLabel(exit: ExitName): string | undefined {
  return exit === 'next' ? undefined : exit;
}

// Left-to-right order of branches: yes before no, event before timeout, variants as drawn, control last.
const exitRank = (exit: ExitName) =>
  ({ next: 0, yes: 1, event: 1, no: 2, timeout: 2, control: 9 })[exit] ?? 5;

/**
 * Depth of every node: BFS from the trigger nodes, so a step sits one layer below the first
 * step that reaches it. Steps no trigger reaches (a draft in progress) start new BFS runs of
 * their own, in the order they appear, so they are still drawn.
 */
export function layerNodes(graph: CampaignGraph): string[][] {
  const out = new Map<string, string[]>();
  for (const e of [...graph.edges].sort((a, b) => exitRank(a.exit) - exitRank(b.exit))) {
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  }
  const known = new Set(graph.nodes.map((n) => n.id));
  const depth = new Map<string, number>();
  const order: string[] = [];
  const bfs = (starts: string[]) => {
    const queue = starts.filter((id) => !depth.has(id));
    for (const id of queue) depth.set(id, 0);
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      order.push(id);
      for (const next of out.get(id) ?? []) {
        if (depth.has(next) || !known.has(next)) continue;
        depth.set(next, depth.get(id)! + 1);
        queue.push(next);
      }
    }
  };
  bfs(graph.nodes.filter((n) => isTriggerKind(n.kind)).map((n) => n.id));
  for (const n of graph.nodes) if (!depth.has(n.id)) bfs([n.id]);

  const layers: string[][] = [];
  for (const id of order) (layers[depth.get(id)!] ??= []).push(id);
  return layers;
}

/** Fallback positions: one row per layer, siblings spread horizontally around x = 0. */
export function layeredLayout(graph: CampaignGraph): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  layerNodes(graph).forEach((layer, depth) => {
    layer.forEach((id, i) => {
      positions.set(id, { x: (i - (layer.length - 1) / 2) * SIBLING_GAP, y: depth * LAYER_GAP });
    });
  });
  return positions;
}

/**
 * What the card shows of a step. A draft's step may be half-filled (a split whose variants are
 * being typed), so a summary or exit list that cannot be worked out yet is left blank.
 */
export function stepData(n: GraphNode): StepData {
  const { position: _position, ...node } = n;
  const attempt = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch {
      return fallback;
    }
  };
  const summary = attempt(() => summarizeNode(n), '');
  const label = n.label?.trim();
  return {
    kind: n.kind,
    // "Wait up to 1 day for purchase" reads better than an internal id such as "waitForEvent".
    title: label || sentence(summary) || n.id,
    labelled: !!label,
    summary,
    exits: attempt(() => exitsOf(n), []),
    node: node,
  };
}

/** A summary or title with every known ID (template, segment, audience) replaced by its name. */
export function withNames(summary: string, names: ReadonlyMap<string, string>): string {
  let out = summary;
  for (const [id, name] of names) if (out.includes(id)) out = out.split(id).join(name);
  return out;
}

/** A summary as a card's title: "wait 2 hours" becomes "Wait 2 hours". */
export function sentence(summary: string): string {
  return summary.charAt(0).toUpperCase() + summary.slice(1);
}

/** The canvas edge of one graph edge; its id is stable so selection survives a re-render. */
export function flowEdge(e: { from: string; to: string; exit: ExitName }): Edge {
  const label = exitLabel(e.exit);
  return {
    id: `${e.from}:${e.exit}->${e.to}`,
    source: e.from,
    target: e.to,
    // Nodes with several exits expose one source handle per exit, named after it.
    sourceHandle: e.exit === 'next' ? null : e.exit,
    className: `edge-${e.exit}`,
    ...(label === undefined ? {} : { label }),
  };
}

/** A go-to is drawn as a dashed edge to the step it jumps to; it lives in the node, not the edges. */
export function gotoEdge(from: string, target: string): Edge {
  return {
    id: `${from}:goto->${target}`,
    source: from,
    target,
    sourceHandle: 'goto',
    className: 'edge-goto',
    label: 'go to',
    deletable: false,
  };
}

/** The go-to edges a canvas should show for its go-to nodes (after one's target changed). */
export function withGotoEdges(nodes: StepNode[], edges: Edge[]): Edge[] {
  const ids = new Set(nodes.map((n) => n.id));
  const gotos = nodes.flatMap((n) =>
    n.data.node.kind === 'goto' && ids.has(n.data.node.target)
      ? [gotoEdge(n.id, n.data.node.target)]
      : [],
  );
  return [...edges.filter((e) => e.sourceHandle !== 'goto'), ...gotos];
}

/** The React Flow model of a graph; a node's own position wins over the computed layout. */
export function graphToFlow(graph: CampaignGraph): { nodes: StepNode[]; edges: Edge[] } {
  const layout = layeredLayout(graph);
  const nodes: StepNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: n.kind,
    position: n.position ?? layout.get(n.id) ?? { x: 0, y: 0 },
    data: stepData(n),
  }));
  const edges: Edge[] = graph.edges.map(flowEdge);
  for (const n of graph.nodes) if (n.kind === 'goto') edges.push(gotoEdge(n.id, n.target));
  return { nodes, edges };
}

/** The settings a graph carries beside its nodes and edges (re-entry, goal, sending window...). */
export type GraphSettings = Omit<CampaignGraph, 'nodes' | 'edges'>;

export function graphSettings(graph: CampaignGraph): GraphSettings {
  const { nodes: _nodes, edges: _edges, ...settings } = graph;
  return settings;
}

/**
 * The definition of what the canvas holds: each node's definition at its current position
 * (rounded: a saved draft should not change because a node moved by a fraction of a pixel),
 * each edge by the exit it leaves by. Go-to edges are left out: the go-to node holds its target.
 */
export function flowToGraph(
  nodes: StepNode[],
  edges: Edge[],
  settings: GraphSettings,
): CampaignGraph {
  return {
    ...settings,
    nodes: nodes.map((n) => ({
      ...n.data.node,
      id: n.id,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges
      .filter((e) => e.sourceHandle !== 'goto')
      .map((e) => ({ from: e.source, to: e.target, exit: e.sourceHandle ?? 'next' })),
  };
}
