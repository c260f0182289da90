// The campaign graph: what a marketer draws and what a journey workflow interprets.
// A published graph is immutable (a campaign version); journeys run the version they entered.
import { z } from 'zod';

export const NodeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "_" or "-"');

export const Position = z.object({ x: z.number(), y: z.number() });

export const DurationUnit = z.enum(['seconds', 'minutes', 'hours', 'days']);
export const Duration = z.object({
  amount: z.number().positive('a delay must be longer than zero'),
  unit: DurationUnit,
});
export type Duration = z.infer<typeof Duration>;

const unitMs: Record<z.infer<typeof DurationUnit>, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};
export function durationMs(d: Duration): number {
  return Math.round(d.amount * unitMs[d.unit]);
}

export const AttributeOperator = z.enum([
  'equals',
  'notEquals',
  'exists',
  'notExists',
  'contains',
  'gt',
  'gte',
  'lt',
  'lte',
]);
export type AttributeOperator = z.infer<typeof AttributeOperator>;

/** A test on one profile attribute: standard ("city") or custom ("custom.tier"). */
export const AttributeRule = z.object({
  kind: z.literal('attribute'),
  attribute: z.string().min(1),
  operator: AttributeOperator,
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
/** True when the customer performed the event after entering this journey. */
export const EventSinceEntryRule = z.object({
  kind: z.literal('eventSinceEntry'),
  eventType: z.string().min(1),
});
export const ConditionRule = z.discriminatedUnion('kind', [AttributeRule, EventSinceEntryRule]);
export type ConditionRule = z.infer<typeof ConditionRule>;

/** A test on one property of an event ("total" gt 100, "category" equals "shoes"). */
export const EventFilter = z.object({
  property: z.string().min(1, 'name the event property, e.g. "total"'),
  operator: AttributeOperator,
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type EventFilter = z.infer<typeof EventFilter>;

/** An event type with optional property filters, all of which must hold. */
export const EventMatch = z.object({
  eventType: z.string().min(1, 'name the event type, e.g. "purchase"'),
  filters: z.array(EventFilter).default([]),
});
export type EventMatch = z.infer<typeof EventMatch>;

const base = { id: NodeId, label: z.string().max(200).optional(), position: Position.optional() };

export const TriggerNode = z.object({
  ...base,
  kind: z.literal('trigger'),
  eventType: z.string().min(1),
});
export const DelayNode = z.object({ ...base, kind: z.literal('delay'), duration: Duration });
export const ConditionNode = z.object({
  ...base,
  kind: z.literal('condition'),
  rule: ConditionRule,
});
export const SendEmailNode = z.object({
  ...base,
  kind: z.literal('sendEmail'),
  templateId: z.string().min(1),
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
const HourMinute = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a 24-hour time such as "09:00"');

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
  DelayNode,
  ConditionNode,
  SendEmailNode,
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
    case 'delay':
    case 'waitUntilWindow':
    case 'sendEmail':
      return ['next'];
    case 'condition':
      return ['yes', 'no'];
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
  startsAt: z.iso
    .datetime({ offset: true, message: 'use an ISO 8601 time such as "2026-11-27T00:00:00Z"' })
    .optional(),
  /** ... and until this time; journeys already running carry on. */
  endsAt: z.iso
    .datetime({ offset: true, message: 'use an ISO 8601 time such as "2026-12-31T23:59:59Z"' })
    .optional(),
  /** Events that end a journey at once, wherever it is (a purchase ends an abandoned-cart journey). */
  exitOn: z.array(EventMatch).optional(),
});
export type CampaignGraph = z.infer<typeof CampaignGraph>;

export function findNode(graph: CampaignGraph, id: string): GraphNode | undefined {
  return graph.nodes.find((n) => n.id === id);
}

/** The node an exit leads to, or undefined when the exit is unconnected (the journey ends). */
export function nextNodeId(graph: CampaignGraph, from: string, exit: ExitName): string | undefined {
  return graph.edges.find((e) => e.from === from && e.exit === exit)?.to;
}

export function triggerEventTypes(graph: CampaignGraph): string[] {
  return [...new Set(graph.nodes.flatMap((n) => (n.kind === 'trigger' ? [n.eventType] : [])))];
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
