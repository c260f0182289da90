// How customers enter a campaign. Event triggers fire as events arrive (from the API, receipts,
// webhooks, the tracker, message statuses, segment changes...); the time-based ones run on
// Temporal Schedules created when the campaign is published.
import { z } from 'zod';
import { Duration, HourMinute, IsoDateTime } from './duration.ts';
import { EventFilter, EventMatch, EventType } from './graph-rules.ts';
import { NodeBase } from './graph-base.ts';

/**
 * Enters on an event whose properties pass every filter. With `unlessWithin` it is an
 * abandonment trigger: the journey goes on only if that event does not follow within the period
 * ("cart updated, then no purchase within 1 hour"); each new trigger event restarts the period.
 */
export const TriggerNode = z.object({
  ...NodeBase,
  kind: z.literal('trigger'),
  eventType: EventType,
  filters: z.array(EventFilter).optional(),
  unlessWithin: z.object({ ...EventMatch.shape, within: Duration }).optional(),
});
export type TriggerNode = z.infer<typeof TriggerNode>;

/** A time zone name from the IANA database, "Europe/Paris". */
const TimeZone = z.string().min(1).max(64);

/** A recurring schedule a marketer can say aloud: every day / week / month at a time. */
export const Recurrence = z.object({
  frequency: z.enum(['daily', 'weekly', 'monthly']),
  time: HourMinute,
  /** Weekly: ISO weekdays (1 Monday ... 7 Sunday). Monthly: days of the month (1–31). */
  days: z.array(z.number().int().min(1).max(31)).optional(),
});
export type Recurrence = z.infer<typeof Recurrence>;

/**
 * Enters everyone in a segment (every customer without one) at a date and time ("24 hours
 * before Black Friday"), or on a recurring schedule. Exactly one of `at` and `every`.
 */
export const ScheduleTriggerNode = z.object({
  ...NodeBase,
  kind: z.literal('scheduleTrigger'),
  segmentId: z.string().min(1).optional(),
  at: IsoDateTime.optional(),
  every: Recurrence.optional(),
  /** The zone `every` is read in; UTC by default. */
  timeZone: TimeZone.optional(),
});

/**
 * Enters each customer on a date from their profile plus an offset, at a local time in their
 * own time zone: a birthday ("birthDate", yearly), the day before a renewal ("custom.renewsOn",
 * offsetDays -1).
 */
export const DateTriggerNode = z.object({
  ...NodeBase,
  kind: z.literal('dateTrigger'),
  attribute: z.string().min(1, 'name the date attribute, e.g. "birthDate" or "custom.renewsOn"'),
  /** Days after (positive) or before (negative) the date. */
  offsetDays: z.number().int().min(-366).max(366).default(0),
  /** The local time of day to enter at. */
  time: HourMinute.default('10:00'),
  /** Every year on the anniversary (birthdays), or once on the date itself. */
  yearly: z.boolean().default(true),
  segmentId: z.string().min(1).optional(),
});

/** Enters customers who have not done `eventType` ("purchase") for `days` days. */
export const InactivityTriggerNode = z.object({
  ...NodeBase,
  kind: z.literal('inactivityTrigger'),
  days: z.number().int().min(1, 'use at least 1 day'),
  eventType: EventType.default('purchase'),
});

export const TRIGGER_KINDS = [
  'trigger',
  'scheduleTrigger',
  'dateTrigger',
  'inactivityTrigger',
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];
export const isTriggerKind = (kind: string): kind is TriggerKind =>
  (TRIGGER_KINDS as readonly string[]).includes(kind);
