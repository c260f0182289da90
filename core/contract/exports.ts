// CSV exports, on demand and on a Temporal Schedule (kinds and ranges in core/csv-export.ts).
import { z } from 'zod';
import { ExportKind } from '../csv-export.ts';

const ScheduleName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'use lower-case letters, digits, "-" or "_" (it names the folder)',
  );

export const ScheduleParams = z.object({ name: ScheduleName });
export type ScheduleParams = z.infer<typeof ScheduleParams>;
/** `customers.csv`, or just `customers`: the kind of export, with or without its extension. */
export const ExportParams = z.object({
  file: z
    .enum(
      ExportKind.options.flatMap((k) => [`${k}.csv`, k]),
      {
        message: 'use customers.csv, receipts.csv or events.csv',
      },
    )
    .transform((f) => ExportKind.parse(f.replace(/\.csv$/, ''))),
});
export type ExportParams = z.infer<typeof ExportParams>;

export const CreateExportSchedule = z
  .object({
    name: ScheduleName,
    kinds: z.array(ExportKind).min(1, 'name at least one kind to export'),
    /** Every N hours, or a cron expression (UTC) such as "0 3 * * *". */
    everyHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31)
      .optional(),
    cron: z
      .string()
      .max(100)
      .refine(
        (c) => /^\S+( \S+){4,6}$/.test(c.trim()),
        'use a cron expression of 5 fields, e.g. "0 3 * * *"',
      )
      .optional(),
  })
  .refine((s) => (s.everyHours === undefined) !== (s.cron === undefined), {
    message: 'give either everyHours or cron',
    path: ['everyHours'],
  });
export type CreateExportSchedule = z.infer<typeof CreateExportSchedule>;

export const ExportScheduleCreated = z.object({
  schedule: z.object({
    id: z.string(),
    name: z.string(),
    kinds: z.array(ExportKind),
    everyHours: z.number().optional(),
    cron: z.string().optional(),
  }),
});
export type ExportScheduleCreated = z.infer<typeof ExportScheduleCreated>;

export const ExportSchedules = z.object({
  schedules: z.array(
    z.object({
      name: z.string(),
      nextRuns: z.array(z.string()).optional(),
      recentRuns: z.array(z.string()).optional(),
    }),
  ),
});
export type ExportSchedules = z.infer<typeof ExportSchedules>;

export const ExportTriggered = z.object({ triggered: z.string() });
export type ExportTriggered = z.infer<typeof ExportTriggered>;
