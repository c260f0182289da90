// Receipt ingestion: resolve the customer as events do, store the receipt with its lines, then
// announce a new purchase as a `purchase` event (which starts and reaches journeys) and accrue
// its points. A redelivery announces nothing again.
import { purchaseProperties, type Receipt, type ReceiptInput } from '../core/receipt.ts';
import { type ReceiptStatus, type StoreOptions, upsertReceipt } from '../db/receipts.ts';
import type { ApiDeps } from './deps.ts';
import { ingestEvent, type IngestResult, resolveCustomer } from './ingest.ts';
import { accrueReceiptPoints } from './points-accrual.ts';

export interface ReceiptResult {
  outcome: ReceiptStatus;
  receipt: Receipt;
  purchaseEventId: string | null;
  journeysStarted: IngestResult['journeysStarted'];
}

const purchaseKey = (receiptId: string) => `purchase:${receiptId}`;

/** `opts` as for upsertReceipt: a bulk importer may refresh metrics once per batch. */
export async function ingestReceipt(
  deps: ApiDeps,
  input: ReceiptInput,
  field = '',
  opts: StoreOptions = {},
): Promise<ReceiptResult> {
  const customerId = await resolveCustomer(
    deps,
    {
      customerId: input.customerId,
      externalId: input.externalId,
      customer: input.customer,
      type: 'purchase',
      properties: {},
    },
    field,
  );
  const { receipt, status, firstPurchase } = await upsertReceipt(deps.db, customerId, input, opts);
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
    (await deps
      .db('events')
      .where({ idempotency_key: purchaseKey(receipt.id) })
      .first<{ id: string } | undefined>('id'));
  if (status === 'updated' || announced) return result;
  const event = await ingestEvent(deps, {
    customerId,
    type: 'purchase',
    properties: { ...purchaseProperties(receipt, firstPurchase) },
    occurredAt: receipt.occurredAt,
    idempotencyKey: purchaseKey(receipt.id),
  });
  await accrueReceiptPoints(deps, receipt);
  return { ...result, purchaseEventId: event.id, journeysStarted: event.journeysStarted };
}
