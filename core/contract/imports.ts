// CSV imports: the file goes in as the body; progress and the row-by-row error report come out.
import { z } from 'zod';
import { ImportKind } from '../csv-import.ts';
import { Timestamp } from './common.ts';

export const ImportQuery = z.object({
  kind: ImportKind,
  fileName: z.string().max(300).optional(),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportErrorsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ImportErrorsQuery = z.infer<typeof ImportErrorsQuery>;

export const Import = z.object({
  id: z.uuid(),
  kind: ImportKind,
  fileName: z.string().optional(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  rowsTotal: z.number().optional(),
  rowsDone: z.number(),
  rowsImported: z.number(),
  rowsFailed: z.number(),
  /** Rows already in Herald (a known idempotency key): skipped, not failed. */
  rowsSkipped: z.number(),
  /** 0 to 1. */
  progress: z.number(),
  error: z.string().optional(),
  createdAt: Timestamp,
  startedAt: Timestamp.optional(),
  finishedAt: Timestamp.optional(),
});
export type Import = z.infer<typeof Import>;

/** A row as a spreadsheet numbers it (the header is 1), its column, and the fix. */
export const ImportRowError = z.object({
  row: z.number(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportAnswer = z.object({ import: Import });
export type ImportAnswer = z.infer<typeof ImportAnswer>;
export const ImportProgress = ImportAnswer.extend({ errors: z.array(ImportRowError) });
export type ImportProgress = z.infer<typeof ImportProgress>;
export const Imports = z.object({ imports: z.array(Import) });
export type Imports = z.infer<typeof Imports>;
