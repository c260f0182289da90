// What conditions test and what event filters match: the rule schemas of the campaign graph.
// Their evaluation is in conditions.ts (pure) and workflows/journey-decide.ts (with activities).
import { z } from 'zod';
import { Channel } from './channels.ts';
import { Duration } from './duration.ts';

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

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A test on one profile value: a standard attribute ("city"), a custom field ("custom.tier"),
 * a metric ("metrics.totalSpent") or a tag ("tags" contains "vip").
 */
export const AttributeRule = z.object({
  kind: z.literal('attribute'),
  attribute: z.string().min(1, 'name the attribute, e.g. "city" or "custom.tier"'),
  operator: AttributeOperator,
  value: Scalar.optional(),
});

/** A test on one property of an event ("amount" gt 100, "categories" contains "shoes"). */
export const EventFilter = z.object({
  property: z.string().min(1, 'name the event property, e.g. "amount"'),
  operator: AttributeOperator,
  value: Scalar.optional(),
});
export type EventFilter = z.infer<typeof EventFilter>;

export const EventType = z.string().min(1, 'name the event type, e.g. "purchase"').max(100);

/** An event type with optional property filters, all of which must hold. */
export const EventMatch = z.object({
  eventType: EventType,
  filters: z.array(EventFilter).default([]),
});
export type EventMatch = z.infer<typeof EventMatch>;

/** True when the customer performed the event after entering this journey. */
export const EventSinceEntryRule = z.object({
  kind: z.literal('eventSinceEntry'),
  eventType: EventType,
});

/** True when the customer performed a matching event within the last `within` (any source). */
export const EventWithinRule = z.object({
  kind: z.literal('eventWithin'),
  ...EventMatch.shape,
  within: Duration,
});

/** True when the customer is (member: true) or is not (member: false) in the segment now. */
export const SegmentRule = z.object({
  kind: z.literal('segment'),
  segmentId: z.string().min(1, 'pick a segment'),
  member: z.boolean().default(true),
});

export const MessageStatus = z.enum([
  'sent',
  'delivered',
  'opened',
  'clicked',
  'failed',
  'bounced',
]);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** True when the message this journey sent at an earlier node reached the status ("opened"). */
export const MessageStatusRule = z.object({
  kind: z.literal('messageStatus'),
  nodeId: z.string().min(1, 'pick the send step whose message to check'),
  status: MessageStatus,
});

/** True when the customer is subscribed to the channel (for the messaging type, "promo" by default). */
export const SubscriptionRule = z.object({
  kind: z.literal('subscription'),
  channel: Channel,
  messagingType: z.string().min(1).default('promo'),
});

/** True when the customer has a valid address on the channel and has not unsubscribed from it. */
export const ReachableRule = z.object({
  kind: z.literal('reachable'),
  channel: Channel,
});

export const ConditionRule = z.discriminatedUnion('kind', [
  AttributeRule,
  EventSinceEntryRule,
  EventWithinRule,
  SegmentRule,
  MessageStatusRule,
  SubscriptionRule,
  ReachableRule,
]);
export type ConditionRule = z.infer<typeof ConditionRule>;
