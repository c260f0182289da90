// The 360° profile and the pages of a customer's receipts and events (schemas in core/profile.ts).
import { z } from 'zod';

export const EventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200, 'ask for at most 200 events a page').default(50),
  before: z.string().optional(),
  /** Event types, comma-separated. */
  type: z.string().optional(),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

export const ReceiptsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100, 'ask for at most 100 receipts a page').default(20),
  before: z.string().optional(),
});
export type ReceiptsQuery = z.infer<typeof ReceiptsQuery>;
