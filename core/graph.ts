// The campaign graph: what a marketer draws and what a journey workflow interprets.
// A published graph is immutable (a campaign version); journeys run the version they entered.
// Node schemas live by family: graph-triggers.ts, graph-actions.ts, graph-rules.ts (conditions).
import { z } from 'zod';
import { Duration, HourMinute, IsoDateTime } from './duration.ts';
import { HttpCallNode, SendMessageNode, UpdateProfileNode } from './graph-actions.ts';
import { NodeBase, NodeId } from './graph-base.ts';
import { ConditionRule, EventMatch } from './graph-rules.ts';
import {
  DateTriggerNode,
  InactivityTriggerNode,
  ScheduleTriggerNode,
  TriggerNode,
} from './graph-triggers.ts';

export * from './duration.ts';
export * from './graph-actions.ts';
export * from './graph-base.ts';
export * from './graph-rules.ts';
export * from './graph-triggers.ts';

const base = NodeBase;

export const DelayNode = z.object({ ...base, kind: z.literal('delay'), duration: Duration });
/** Waits until a fixed date and time; a time already past lets the journey straight through. */
export const DelayUntilNode = z.object({
  ...base,
  kind: z.literal('delayUntil'),
  until: IsoDateTime,
});
/**
 * Waits until a date from the profile plus an offset, at a local time in the customer's zone
 * ("3 days before custom.renewsOn, at 10:00"). Leaves by "next", or by "missing" when the
 * customer has no such date.
 */
export const DelayUntilAttributeNode = z.object({
  ...base,
  kind: z.literal('delayUntilAttribute'),
  attribute: z.string().min(1, 'name the date attribute, e.g. "custom.renewsOn"'),
  offsetDays: z.number().int().min(-366).max(366).default(0),
  time: HourMinute.default('10:00'),
});
export const ConditionNode = z.object({
  ...base,
  kind: z.literal('condition'),
  rule: ConditionRule,
});
/** A condition with several exits: the first branch whose rules all hold wins, else "else". */
export const BranchNode = z.object({
  ...base,
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
export const SendEmailNode = z.object({
  ...base,
  kind: z.literal('sendEmail'),
  templateId: z.string().min(1, 'pick the email template'),
});
export const ExitNode = z.object({ ...base, kind: z.literal('exit') });
/** Waits for an event (leaving by "event") or for the timeout (leaving by "timeout"). */
export const WaitForEventNode = z.object({
  ...base,
  kind: z.literal('waitForEvent'),
  ...EventMatch.shape,
  timeout: Duration,
});

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
  ...base,
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

/** A weekly window of local time; the arithmetic is in time-window.ts (luxon stays out of here). */
export const SendingWindow = z
  .object({
    /** ISO weekdays the window is open on: 1 Monday ... 7 Sunday. Every day by default. */
    days: z.array(z.number().int().min(1).max(7)).min(1, 'pick at least one day').optional(),
    from: HourMinute,
    to: HourMinute,
  })
  .refine((w) => w.from !== w.to, {
    message: 'the window must last longer than zero minutes',
    path: ['to'],
  });
export type SendingWindow = z.infer<typeof SendingWindow>;

/** Waits until the next opening of a window in the customer's local time (now, if open). */
export const WaitUntilWindowNode = z.object({
  ...base,
  kind: z.literal('waitUntilWindow'),
  window: SendingWindow,
});

/** Jumps to another node: the way to draw a loop ("remind again next week"). */
export const GotoNode = z.object({ ...base, kind: z.literal('goto'), target: NodeId });

export const GraphNode = z.discriminatedUnion('kind', [
  TriggerNode,
  ScheduleTriggerNode,
  DateTriggerNode,
  InactivityTriggerNode,
  DelayNode,
  DelayUntilNode,
  DelayUntilAttributeNode,
  ConditionNode,
  BranchNode,
  SendEmailNode,
  SendMessageNode,
  UpdateProfileNode,
  HttpCallNode,
  ExitNode,
  WaitForEventNode,
  SplitNode,
  GotoNode,
  WaitUntilWindowNode,
]);
export type GraphNode = z.infer<typeof GraphNode>;
export type NodeKind = GraphNode['kind'];

/** The exits a node has; an edge leaves a node by one of them. */
export function exitsOf(node: GraphNode): string[] {
  switch (node.kind) {
    case 'trigger':
    case 'scheduleTrigger':
    case 'dateTrigger':
    case 'inactivityTrigger':
    case 'delay':
    case 'delayUntil':
    case 'waitUntilWindow':
    case 'sendEmail':
    case 'updateProfile':
      return ['next'];
    case 'delayUntilAttribute':
      return ['next', 'missing'];
    case 'condition':
      return ['yes', 'no'];
    case 'branch':
      return [...node.branches.map((b) => b.name), 'else'];
    case 'sendMessage':
      return ['sent', 'undelivered'];
    case 'httpCall':
      return ['success', 'failure'];
    case 'waitForEvent':
      return ['event', 'timeout'];
    case 'split':
      return [
        ...node.variants.map((v) => v.name),
        ...((node.controlWeight ?? 0) > 0 ? ['control'] : []),
      ];
    case 'exit':
    case 'goto':
      return [];
    default:
      return assertNever(node);
  }
}

/** Where the journey can go from a node: its connected exits, and a go-to's target. */
export function successors(graph: CampaignGraph, node: GraphNode): string[] {
  const next = graph.edges.filter((e) => e.from === node.id).map((e) => e.to);
  return node.kind === 'goto' ? [...next, node.target] : next;
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

export function findNode(graph: CampaignGraph, id: string): GraphNode | undefined {
  return graph.nodes.find((n) => n.id === id);
}

/** The node an exit leads to, or undefined when the exit is unconnected (the journey ends). */
export function nextNodeId(graph: CampaignGraph, from: string, exit: ExitName): string | undefined {
  return graph.edges.find((e) => e.from === from && e.exit === exit)?.to;
}

/** Every template a graph sends, with the node and field that names it. */
export function templateRefs(
  graph: CampaignGraph,
): { nodeId: string; field: string; templateId: string }[] {
  return graph.nodes.flatMap((n) => {
    if (n.kind === 'sendEmail')
      return [{ nodeId: n.id, field: 'templateId', templateId: n.templateId }];
    if (n.kind === 'sendMessage')
      return n.channels.map((c, i) => ({
        nodeId: n.id,
        field: `channels.${i}.templateId`,
        templateId: c.templateId,
      }));
    return [];
  });
}

export function triggerEventTypes(graph: CampaignGraph): string[] {
  return [...new Set(graph.nodes.flatMap((n) => (n.kind === 'trigger' ? [n.eventType] : [])))];
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
