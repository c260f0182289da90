// A segment's CSV sent by email on a schedule (/v1/segments/{id}/export-schedule): to whom, how
// often, and at which hour of the account's time zone. A Temporal Schedule runs it.
import { z } from 'zod';

export const ExportCadence = z.enum(['daily', 'weekly'], {
  error: 'say daily or weekly',
});

export const SegmentExportScheduleInput = z
  .object({
    recipients: z
      .array(z.email('an email address such as team@example.com'))
      .min(1, 'list at least one address')
      .max(50, 'at most 50 addresses'),
    cadence: ExportCadence,
    /** The hour of the day it is sent, 0..23, in the account time zone (/v1/settings/time-zone). */
    hour: z.number().int('a whole hour').min(0, '0 to 23').max(23, '0 to 23'),
    /** ISO weekday for a weekly export: 1 is Monday, 7 Sunday. */
    weekday: z
      .number()
      .int('a weekday number')
      .min(1, '1 (Monday) to 7')
      .max(7, '1 to 7 (Sunday)')
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.cadence === 'weekly' && s.weekday === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['weekday'],
        message: 'a weekly export needs its weekday: 1 (Monday) to 7 (Sunday)',
      });
  });
export type SegmentExportScheduleInput = z.infer<typeof SegmentExportScheduleInput>;

export const SegmentExportSchedule = z.object({
  segmentId: z.uuid(),
  recipients: z.array(z.string()),
  cadence: ExportCadence,
  hour: z.number(),
  weekday: z.number().nullable(),
  /** The account time zone the hour is read in. */
  timeZone: z.string(),
  lastSentAt: z.string().nullable(),
  /** How many customers the last email carried. */
  lastRows: z.number().nullable(),
});
export type SegmentExportSchedule = z.infer<typeof SegmentExportSchedule>;

export const SegmentExportScheduleAnswer = z.object({
  schedule: SegmentExportSchedule.nullable(),
});
export type SegmentExportScheduleAnswer = z.infer<typeof SegmentExportScheduleAnswer>;
