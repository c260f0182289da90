// POST /v1/receipts: one receipt with its lines; POST /v1/receipts/batch: { receipts: [...] }.
import { Router } from 'express';
import { ReceiptBatch, ReceiptInput } from '../../core/receipt.ts';
import { runBatch } from '../batch.ts';
import type { ApiDeps } from '../deps.ts';
import { ingestReceipt } from '../receipt-ingest.ts';
import { parseBody } from '../validate.ts';

export function receiptsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const input = parseBody(ReceiptInput, req.body, 'receipt');
    const result = await ingestReceipt(deps, input);
    res.status(result.outcome === 'created' ? 201 : 200).json(result);
  });
  router.post('/batch', async (req, res) => {
    const batch = parseBody(ReceiptBatch, req.body, 'batch');
    const { status, body } = await runBatch(
      'receipts',
      batch.receipts,
      ReceiptInput,
      (r) => (r.externalId ? `x:${r.externalId}` : `id:${r.customerId}`),
      (r, prefix) => ingestReceipt(deps, r, prefix),
    );
    res.status(status).json(body);
  });
  return router;
}
