// Durations as a marketer writes them ("3 days") and their length in milliseconds; times of day,
// instants and weekly windows of local time.
import { z } from 'zod';

export const DurationUnit = z.enum(['seconds', 'minutes', 'hours', 'days']);
export const Duration = z.object({
  amount: z.number().positive('a delay must be longer than zero'),
  unit: DurationUnit,
});
export type Duration = z.infer<typeof Duration>;

export { durationMs } from './graph-walk.ts';

/** A 24-hour local time of day, "09:00". */
export const HourMinute = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a 24-hour time such as "09:00"');

export const IsoDateTime = z.iso.datetime({
  offset: true,
  message: 'use an ISO 8601 time such as "2026-11-27T00:00:00Z"',
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
