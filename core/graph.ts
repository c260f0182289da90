// The campaign graph: what a marketer draws and what a journey workflow interprets.
// A published graph is immutable (a campaign version); journeys run the version they entered.
// Node schemas and their rules live by family in nodes/ (start, wait, decide, act, finish).
import { z } from 'zod';
import { IsoDateTime, SendingWindow } from './duration.ts';
import { NodeId } from './graph-base.ts';
import { EventMatch } from './graph-rules.ts';
import { GraphNode, rulesOf } from './nodes/index.ts';

export * from './duration.ts';
export * from './graph-base.ts';
export * from './graph-rules.ts';
export * from './nodes/index.ts';
export { assertNever, findNode, nextNodeId } from './graph-walk.ts';

/** The exits a node has; an edge leaves a node by one of them. */
export function exitsOf(node: GraphNode): string[] {
  return rulesOf(node).exits(node);
}

/** Where the journey can go from a node: its connected exits, and a go-to's target. */
export function successors(graph: CampaignGraph, node: GraphNode): string[] {
  const next = graph.edges.filter((e) => e.from === node.id).map((e) => e.to);
  const jump = rulesOf(node).jumpsTo?.(node);
  return jump === undefined ? next : [...next, jump];
}

/** An exit's name: "next", "yes"/"no", "event"/"timeout", or an A/B variant or "control". */
export const ExitName = z.string().regex(/^[A-Za-z0-9_-]+$/, 'name the exit the edge leaves by');
export type ExitName = z.infer<typeof ExitName>;

export const GraphEdge = z.object({ from: NodeId, to: NodeId, exit: ExitName.default('next') });
export type GraphEdge = z.infer<typeof GraphEdge>;

/** How often one customer may enter the campaign; checked against campaign_entries. */
export const ReentryRule = z.discriminatedUnion('kind', [
  /** Once ever. */
  z.object({ kind: z.literal('once') }),
  /** Again once `days` have passed since the last entry. */
  z.object({
    kind: z.literal('oncePerPeriod'),
    days: z.number().int().min(1, 'use at least 1 day'),
  }),
  /** At most `times` entries in all. */
  z.object({
    kind: z.literal('maxTimes'),
    times: z.number().int().min(1, 'allow at least 1 entry'),
  }),
  /** Any time, but never two journeys of one customer at once. */
  z.object({ kind: z.literal('notWhileRunning') }),
]);
export type ReentryRule = z.infer<typeof ReentryRule>;

export const CampaignLimits = z.object({
  /** Entries of all customers per UTC day; further triggers that day are turned away. */
  maxEntriesPerDay: z.number().int().min(1, 'allow at least 1 entry a day').optional(),
});
export type CampaignLimits = z.infer<typeof CampaignLimits>;

export const CampaignGraph = z.object({
  nodes: z.array(GraphNode).min(1, 'a campaign needs at least a trigger'),
  edges: z.array(GraphEdge).default([]),
  reentry: ReentryRule.default({ kind: 'once' }),
  limits: CampaignLimits.optional(),
  /** The conversion goal: when the customer does this, the journey counts a conversion and ends. */
  goal: EventMatch.optional(),
  /** Quiet hours: messages go out only inside this window of each customer's local time. */
  sendingWindow: SendingWindow.optional(),
  /** Test mode: only customers marked as testers enter. */
  testMode: z.boolean().optional(),
  /** Entries are accepted from this time on ... */
  startsAt: IsoDateTime.optional(),
  /** ... and until this time; journeys already running carry on. */
  endsAt: IsoDateTime.optional(),
  /** Events that end a journey at once, wherever it is (a purchase ends an abandoned-cart journey). */
  exitOn: z.array(EventMatch).optional(),
});
export type CampaignGraph = z.infer<typeof CampaignGraph>;
/** A graph as callers write it: fields with defaults may be left out. */
export type CampaignGraphInput = z.input<typeof CampaignGraph>;

/** Every template a graph sends, with the node and field that names it. */
export function templateRefs(
  graph: CampaignGraph,
): { nodeId: string; field: string; templateId: string }[] {
  return graph.nodes.flatMap((n) =>
    (rulesOf(n).templates?.(n) ?? []).map((ref) => ({ nodeId: n.id, ...ref })),
  );
}

export function triggerEventTypes(graph: CampaignGraph): string[] {
  return [...new Set(graph.nodes.flatMap((n) => (n.kind === 'trigger' ? [n.eventType] : [])))];
}
