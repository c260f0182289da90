// The nodes that wait: for a time, a date, a date of the profile, a window of local time, or an
// event. Their interpretation is in workflows/nodes/wait.ts, their canvas entries in
// web/lib/nodes/wait.ts.
import { z } from 'zod';
import { Duration, HourMinute, IsoDateTime, SendingWindow } from '../duration.ts';
import { NodeBase } from '../graph-base.ts';
import { EventMatch } from '../graph-rules.ts';
import type { KindRegistry } from './kind.ts';
import { dateAttributeProblems } from './start.ts';

export const DelayNode = z.object({ ...NodeBase, kind: z.literal('delay'), duration: Duration });
export type DelayNode = z.infer<typeof DelayNode>;
/** Waits until a fixed date and time; a time already past lets the journey straight through. */
export const DelayUntilNode = z.object({
  ...NodeBase,
  kind: z.literal('delayUntil'),
  until: IsoDateTime,
});
export type DelayUntilNode = z.infer<typeof DelayUntilNode>;
/**
 * Waits until a date from the profile plus an offset, at a local time in the customer's zone
 * ("3 days before custom.renewsOn, at 10:00"). Leaves by "next", or by "missing" when the
 * customer has no such date.
 */
export const DelayUntilAttributeNode = z.object({
  ...NodeBase,
  kind: z.literal('delayUntilAttribute'),
  attribute: z.string().min(1, 'name the date attribute, e.g. "custom.renewsOn"'),
  offsetDays: z.number().int().min(-366).max(366).default(0),
  time: HourMinute.default('10:00'),
});
export type DelayUntilAttributeNode = z.infer<typeof DelayUntilAttributeNode>;
/** Waits for an event (leaving by "event") or for the timeout (leaving by "timeout"). */
export const WaitForEventNode = z.object({
  ...NodeBase,
  kind: z.literal('waitForEvent'),
  ...EventMatch.shape,
  timeout: Duration,
});
export type WaitForEventNode = z.infer<typeof WaitForEventNode>;
/** Waits until the next opening of a window in the customer's local time (now, if open). */
export const WaitUntilWindowNode = z.object({
  ...NodeBase,
  kind: z.literal('waitUntilWindow'),
  window: SendingWindow,
});
export type WaitUntilWindowNode = z.infer<typeof WaitUntilWindowNode>;

export const waitNodes = [
  DelayNode,
  DelayUntilNode,
  DelayUntilAttributeNode,
  WaitUntilWindowNode,
  WaitForEventNode,
] as const;
export type WaitNode = z.infer<(typeof waitNodes)[number]>;

const next = () => ['next'];

export const waitRules: KindRegistry<WaitNode> = {
  delay: {
    exits: next,
    holdsLoops: true,
    docs: { exits: 'next', does: 'waits a duration (a durable timer)' },
  },
  // A date that has passed, a window that is open: those let a journey straight through, so
  // they do not hold a loop.
  delayUntil: { exits: next, docs: { exits: 'next', does: 'waits until a date and time' } },
  delayUntilAttribute: {
    exits: () => ['next', 'missing'],
    problems: (node) => dateAttributeProblems(node.attribute),
    docs: {
      exits: 'next, missing',
      does: 'waits until a profile date ± days, at a local time in the customer\'s zone; "missing" when the customer has no such date',
    },
  },
  waitUntilWindow: {
    exits: next,
    docs: {
      exits: 'next',
      does: "waits until a window (days, hours) opens in the customer's own time zone",
    },
  },
  waitForEvent: {
    exits: () => ['event', 'timeout'],
    holdsLoops: true,
    docs: {
      exits: 'event, timeout',
      does: 'waits for an event (with property filters) up to a timeout',
    },
  },
};
