// POST /v1/receipts: one receipt with its lines; POST /v1/receipts/batch: { receipts: [...] }.
import { z } from 'zod';
import { ApiError } from '../../core/contract/common.ts';
import { ReceiptBatchResult, ReceiptResult } from '../../core/contract/receipts.ts';
import { MAX_RECEIPT_BATCH, ReceiptBatch, ReceiptInput } from '../../core/receipt.ts';
import { runBatch } from '../../entry/batch.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import { ingestReceipt } from '../../entry/receipts.ts';
import { batchReply, reply, route } from '../route.ts';

export const receiptRoutes = [
  route({
    method: 'post',
    path: '/v1/receipts',
    permission: 'events:write',
    summary:
      'Post one receipt with its lines; a new purchase records a purchase event (properties: receiptId, externalId, amount, currency, store, source, products, categories, itemCount, firstPurchase) and earns points; a new return (kind "return", optionally naming originalReceiptExternalId) records a return event (the same properties less firstPurchase, plus originalReceiptId)',
    body: ReceiptInput,
    responses: {
      200: {
        schema: ReceiptResult,
        description:
          'Outcome "duplicate" (same idempotencyKey) or "updated" (same receiptExternalId)',
      },
      201: { schema: ReceiptResult, description: 'Created (outcome "created")' },
    },
    errors: [409, 503],
    handler: async ({ body, deps }) => {
      const result = await ingestReceipt(openPipeline(deps), body);
      return result.outcome === 'created' ? reply(201, result) : reply(200, result);
    },
  }),
  route({
    method: 'post',
    path: '/v1/receipts/batch',
    permission: 'events:write',
    summary: `Post up to ${MAX_RECEIPT_BATCH} receipts; bad ones are reported by index, good ones kept`,
    body: ReceiptBatch,
    responses: {
      200: { schema: ReceiptBatchResult, description: 'All accepted' },
      207: ReceiptBatchResult,
      400: {
        schema: z.union([ApiError, ReceiptBatchResult]),
        description: 'Bad input, or every receipt was rejected',
      },
    },
    handler: async ({ body, deps }) => {
      const batch = await runBatch(deps, body.receipts, {
        name: 'receipts',
        schema: ReceiptInput,
        ingest: (pipeline, receipt, field) => ingestReceipt(pipeline, receipt, field),
      });
      return batchReply<z.output<typeof ReceiptBatchResult>, 200>(200, batch);
    },
  }),
];
