// What a CSV export covers: the kinds and the optional time range. Shared by the api (query
// validation), the export workflow and db/exports.ts, which writes the files.
import { z } from 'zod';
import { IsoTime } from './event.ts';

export const ExportKind = z.enum(['customers', 'receipts', 'events'], {
  message: 'use "customers", "receipts" or "events"',
});
export type ExportKind = z.infer<typeof ExportKind>;

/** Optional bounds on when events and receipts happened (customers: when they were updated). */
export const ExportRange = z.object({
  from: IsoTime().optional(),
  to: IsoTime().optional(),
});
export type ExportRange = z.infer<typeof ExportRange>;
