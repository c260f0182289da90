// How customers enter a campaign. Event triggers fire as events arrive (from the API, receipts,
// webhooks, the tracker, message statuses, segment changes...); the time-based ones run on
// Temporal Schedules created when the campaign is published.
import { z } from 'zod';
import { Duration, HourMinute, IsoDateTime } from '../duration.ts';
import { NodeBase } from '../graph-base.ts';
import { EventFilter, EventMatch, EventType } from '../graph-rules.ts';
import type { KindRegistry } from './kind.ts';

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
export type ScheduleTriggerNode = z.infer<typeof ScheduleTriggerNode>;

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
export type DateTriggerNode = z.infer<typeof DateTriggerNode>;

/** Enters customers who have not done `eventType` ("purchase") for `days` days. */
export const InactivityTriggerNode = z.object({
  ...NodeBase,
  kind: z.literal('inactivityTrigger'),
  days: z.number().int().min(1, 'use at least 1 day'),
  eventType: EventType.default('purchase'),
});
export type InactivityTriggerNode = z.infer<typeof InactivityTriggerNode>;

export const startNodes = [
  TriggerNode,
  ScheduleTriggerNode,
  DateTriggerNode,
  InactivityTriggerNode,
] as const;
export type StartNode = z.infer<(typeof startNodes)[number]>;

/** A profile date a journey can wait for or enter on: the birthday or a custom date field. */
export function dateAttributeProblems(attribute: string): string[] {
  return attribute === 'birthDate' || /^custom\.[^.]+$/.test(attribute)
    ? []
    : [`use "birthDate" or a custom date field such as "custom.renewsOn", not "${attribute}"`];
}

const entry = { exits: () => ['next'], entry: true } as const;

export const startRules: KindRegistry<StartNode> = {
  trigger: {
    ...entry,
    docs: {
      exits: 'next',
      does: 'on an event of a type, when every property filter holds. With `unlessWithin` it is an abandonment trigger: "cart_updated, then no purchase within 1 hour" (each new cart update restarts the hour; the purchase ends the journey)',
    },
  },
  scheduleTrigger: {
    ...entry,
    problems(node) {
      if ((node.at === undefined) === (node.every === undefined))
        return ['set either a date and time ("at") or a recurring schedule ("every"), not both'];
      const every = node.every;
      if (every?.frequency === 'weekly' && !every.days?.length)
        return ['pick the weekdays the weekly schedule runs on'];
      if (every?.frequency === 'weekly' && every.days?.some((d) => d > 7))
        return ['weekdays run from 1 (Monday) to 7 (Sunday)'];
      if (every?.frequency === 'monthly' && !every.days?.length)
        return ['pick the days of the month the schedule runs on'];
      return [];
    },
    docs: {
      exits: 'next',
      does: 'everyone in a segment (or every customer) at a date and time (`at`) or on a recurring schedule (`every`: daily, weekly on weekdays, monthly on days, at a time in a zone)',
    },
  },
  dateTrigger: {
    ...entry,
    problems: (node) => dateAttributeProblems(node.attribute),
    docs: {
      exits: 'next',
      does: "on a profile date (`birthDate`, `custom.renewsOn`) plus `offsetDays`, at a local `time` in each customer's own zone; `yearly` for anniversaries",
    },
  },
  inactivityTrigger: {
    ...entry,
    docs: {
      exits: 'next',
      does: "when a customer's last event of a type (`purchase` by default) is older than `days`",
    },
  },
};
