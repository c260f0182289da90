// Receipt ingestion: resolve the customer as events do, store the receipt with its lines, then
// announce a new purchase as a `purchase` event (which starts and reaches journeys) and accrue
// its points, or a new return as a `return` event (never a purchase, and it earns nothing).
// A redelivery announces nothing again.
import {
  purchaseProperties,
  type Receipt,
  type ReceiptInput,
  returnProperties,
} from '../core/receipt.ts';
import { accrueForReceipt } from '../db/points.ts';
import {
  precheckReceipt,
  type ReceiptStatus,
  type StoreOptions,
  upsertReceipt,
} from '../db/receipts.ts';
import type { Pipeline, IngestResult } from './pipeline.ts';

export interface ReceiptResult {
  outcome: ReceiptStatus;
  receipt: Receipt;
  /** The `purchase` event of a new purchase, or the `return` event of a new return. */
  purchaseEventId: string | null;
  journeysStarted: IngestResult['journeysStarted'];
}

const eventKey = (receipt: Receipt) => `${receipt.kind}:${receipt.id}`;

/** `opts` as for upsertReceipt: a bulk importer may refresh metrics once per batch. */
export async function ingestReceipt(
  pipeline: Pipeline,
  input: ReceiptInput,
  field = '',
  opts: StoreOptions = {},
): Promise<ReceiptResult> {
  const { db } = pipeline.deps;
  await precheckReceipt(db, input);
  const customerId = await pipeline.resolve(input, field);
  const { receipt, status, firstPurchase } = await upsertReceipt(db, customerId, input, opts);
  const result: ReceiptResult = {
    outcome: status,
    receipt,
    purchaseEventId: null,
    journeysStarted: [],
  };
  // A duplicate whose first delivery was stored but never announced (the api died in between)
  // is announced now; otherwise a duplicate or an update announces nothing.
  const announced =
    status !== 'created' &&
    (await db('events')
      .where({ idempotency_key: eventKey(receipt) })
      .first<{ id: string } | undefined>('id'));
  if (status === 'updated' || announced) return result;
  const isReturn = receipt.kind === 'return';
  const event = await pipeline.record({
    customerId,
    type: receipt.kind,
    properties: isReturn
      ? { ...returnProperties(receipt) }
      : { ...purchaseProperties(receipt, firstPurchase) },
    occurredAt: receipt.occurredAt,
    idempotencyKey: eventKey(receipt),
  });
  if (!isReturn) await pipeline.announcePoints(customerId, await accrueForReceipt(db, receipt));
  return { ...result, purchaseEventId: event.event.id, journeysStarted: event.journeysStarted };
}
