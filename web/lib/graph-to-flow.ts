// Pure conversion of a campaign graph (core/graph.ts) into React Flow nodes and edges.
// Kept free of React and DOM so it can be unit-tested with node:test and reused by any canvas.
import type { Edge, Node } from '@xyflow/react';
import {
  assertNever,
  type CampaignGraph,
  type ConditionRule,
  exitsOf,
  type ExitName,
  type GraphNode,
  type NodeKind,
} from '../../core/graph.ts';

/** What a canvas node needs to draw itself; a type alias so it satisfies Record<string, unknown>. */
export type StepData = {
  kind: NodeKind;
  /** The marketer's label, or the node id when there is none. */
  title: string;
  /** One line saying what the step does, e.g. "wait 2 hours". */
  summary: string;
  /** The step's exits, one source handle each ("next", "yes"/"no", variants...). */
  exits: string[];
};

export type StepNode = Node<StepData, NodeKind>;

/** Spacing of the fallback layout, in canvas pixels. */
export const LAYER_GAP = 120;
export const SIBLING_GAP = 260;

const operatorWords: Record<string, string> = {
  equals: 'equals',
  notEquals: 'is not',
  exists: 'is set',
  notExists: 'is not set',
  contains: 'contains',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/** Drops the plural "s" for one unit: "wait 1 hour", "wait 2 hours". */
function durationText(amount: number, unit: string): string {
  return `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon–Fri 09:00–20:00": consecutive days as a range, others listed. */
export function windowText(w: { days?: number[]; from: string; to: string }): string {
  const days = [...(w.days ?? [])].sort((a, b) => a - b);
  const consecutive = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const dayText =
    days.length === 0 || days.length === 7
      ? ''
      : consecutive && days.length > 2
        ? `${DAY_NAMES[days[0]! - 1]}–${DAY_NAMES[days[days.length - 1]! - 1]} `
        : `${days.map((d) => DAY_NAMES[d - 1]).join(', ')} `;
  return `${dayText}${w.from}–${w.to}`;
}

/** A condition rule in a few words: "city is Paris", "purchase within 7 days?". */
function ruleText(rule: ConditionRule): string {
  switch (rule.kind) {
    case 'eventSinceEntry':
      return `${rule.eventType} since entry?`;
    case 'eventWithin':
      return `${rule.eventType} within ${durationText(rule.within.amount, rule.within.unit)}?`;
    case 'segment':
      return `${rule.member ? 'in' : 'not in'} segment ${rule.segmentId}?`;
    case 'messageStatus':
      return `${rule.nodeId} ${rule.status}?`;
    case 'subscription':
      return `subscribed to ${rule.messagingType} ${rule.channel}?`;
    case 'reachable':
      return `reachable by ${rule.channel}?`;
    case 'attribute': {
      const words = operatorWords[rule.operator] ?? rule.operator;
      return rule.value === undefined
        ? `${rule.attribute} ${words}`
        : `${rule.attribute} ${words} ${String(rule.value)}`;
    }
    default:
      return assertNever(rule);
  }
}

/** A one-line, marketer-readable description of a step. */
export function summarizeNode(node: GraphNode): string {
  switch (node.kind) {
    case 'trigger':
      return `on ${node.eventType}`;
    case 'delay':
      return `wait ${durationText(node.duration.amount, node.duration.unit)}`;
    case 'condition':
      return ruleText(node.rule);
    case 'branch':
      return node.branches.map((b) => b.name).join(' · ') + ' · else';
    case 'scheduleTrigger':
      return node.at
        ? `at ${node.at}`
        : `every ${node.every?.frequency ?? '?'} at ${node.every?.time ?? '?'}`;
    case 'dateTrigger':
      return `on ${node.attribute}${node.offsetDays ? ` ${node.offsetDays > 0 ? '+' : ''}${node.offsetDays} days` : ''} at ${node.time}`;
    case 'inactivityTrigger':
      return `no ${node.eventType} for ${node.days} days`;
    case 'delayUntil':
      return `until ${node.until}`;
    case 'delayUntilAttribute':
      return `until ${node.attribute}${node.offsetDays ? ` ${node.offsetDays > 0 ? '+' : ''}${node.offsetDays} days` : ''} at ${node.time}`;
    case 'sendMessage':
      return node.channels.map((c) => c.channel).join(', else ');
    case 'updateProfile':
      return `${node.actions.length} change${node.actions.length > 1 ? 's' : ''}`;
    case 'httpCall':
      return `${node.method} ${node.url}`;
    case 'sendEmail':
      return `email: ${node.templateId}`;
    case 'exit':
      return 'journey ends';
    case 'goto':
      return `go to ${node.target}`;
    case 'waitUntilWindow':
      return `until ${windowText(node.window)} local time`;
    case 'split': {
      const total = node.variants.reduce((sum, v) => sum + v.weight, node.controlWeight ?? 0);
      const pct = (w: number) => `${Math.round((w / total) * 100)}%`;
      const parts = node.variants.map((v) => `${v.name} ${pct(v.weight)}`);
      if ((node.controlWeight ?? 0) > 0) parts.push(`control ${pct(node.controlWeight!)}`);
      return parts.join(' · ');
    }
    case 'waitForEvent': {
      const filters =
        node.filters.length > 0
          ? ` (${node.filters.length} filter${node.filters.length > 1 ? 's' : ''})`
          : '';
      return `${node.eventType}${filters} within ${durationText(node.timeout.amount, node.timeout.unit)}`;
    }
    default:
      return assertNever(node);
  }
}

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
  bfs(graph.nodes.filter((n) => n.kind === 'trigger').map((n) => n.id));
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

/** The React Flow model of a graph; a node's own position wins over the computed layout. */
export function graphToFlow(graph: CampaignGraph): { nodes: StepNode[]; edges: Edge[] } {
  const layout = layeredLayout(graph);
  const nodes: StepNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: n.kind,
    position: n.position ?? layout.get(n.id) ?? { x: 0, y: 0 },
    data: {
      kind: n.kind,
      title: n.label?.trim() || n.id,
      summary: summarizeNode(n),
      exits: exitsOf(n),
    },
  }));
  const edges: Edge[] = graph.edges.map((e) => {
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
  });
  // A go-to is drawn as a dashed edge back to the step it jumps to.
  for (const n of graph.nodes) {
    if (n.kind !== 'goto') continue;
    edges.push({
      id: `${n.id}:goto->${n.target}`,
      source: n.id,
      target: n.target,
      sourceHandle: 'goto',
      className: 'edge-goto',
      label: 'go to',
    });
  }
  return { nodes, edges };
}
