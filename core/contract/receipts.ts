// POST /v1/receipts and /v1/receipts/batch (the receipt itself is in core/receipt.ts).
import { z } from 'zod';
import { Receipt } from '../receipt.ts';
import { BatchResult } from './common.ts';
import { StartedJourney } from './events.ts';

export const ReceiptResult = z.object({
  outcome: z.enum(['created', 'updated', 'duplicate']),
  receipt: Receipt,
  purchaseEventId: z.uuid().nullable(),
  journeysStarted: z.array(StartedJourney),
});
export type ReceiptResult = z.infer<typeof ReceiptResult>;

export const ReceiptBatchResult = BatchResult(ReceiptResult);
export type ReceiptBatchResult = z.infer<typeof ReceiptBatchResult>;
