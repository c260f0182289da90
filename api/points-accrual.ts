// Points that accrue by rule, announced as `points_accrued` events so that campaigns can thank
// the customer ("You earned 50 points, your balance is 320").
import { accrueForEvent, accrueForReceipt, type Posted } from '../db/points.ts';
import type { ApiDeps } from './deps.ts';
import { ingestEvent } from './ingest.ts';

/** Records a `points_accrued` event for each credit posted. */
export async function announce(deps: ApiDeps, customerId: string, posted: Posted[]): Promise<void> {
  for (const { entry, balance } of posted.filter((p) => p.entry.delta > 0))
    await ingestEvent(deps, {
      customerId,
      type: 'points_accrued',
      properties: { amount: entry.delta, balance, reason: entry.reason },
      occurredAt: entry.createdAt,
      idempotencyKey: `points:${entry.id}`,
    });
}

export async function accrueReceiptPoints(
  deps: ApiDeps,
  receipt: Parameters<typeof accrueForReceipt>[1],
): Promise<number> {
  const posted = await accrueForReceipt(deps.db, receipt);
  await announce(deps, receipt.customerId, posted);
  return posted.length;
}

/**
 * Accrues the points a stored event earns (registration, review...). Ingestion calls it for
 * every newly stored event; a redelivered event earns nothing more (the ledger is keyed by it).
 */
export async function accrueEventPoints(
  deps: ApiDeps,
  event: { id: string; customerId: string; type: string },
): Promise<number> {
  if (event.type === 'points_accrued') return 0;
  const posted = await accrueForEvent(deps.db, event);
  await announce(deps, event.customerId, posted);
  return posted.length;
}
