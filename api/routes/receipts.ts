// POST /v1/receipts: one receipt with its lines; POST /v1/receipts/batch: { receipts: [...] }.
import { Router } from 'express';
import { ReceiptBatch, ReceiptInput } from '../../core/receipt.ts';
import { runBatch } from '../../entry/batch.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import { ingestReceipt } from '../../entry/receipts.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

export function receiptsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const input = parseBody(ReceiptInput, req.body, 'receipt');
    const result = await ingestReceipt(openPipeline(deps), input);
    res.status(result.outcome === 'created' ? 201 : 200).json(result);
  });
  router.post('/batch', async (req, res) => {
    const batch = parseBody(ReceiptBatch, req.body, 'batch');
    const { status, body } = await runBatch(deps, batch.receipts, {
      name: 'receipts',
      schema: ReceiptInput,
      ingest: (pipeline, receipt, field) => ingestReceipt(pipeline, receipt, field),
    });
    res.status(status).json(body);
  });
  return router;
}
