// Segment membership and its changes. Segmentation writes them; campaigns read membership in
// conditions, and each change fires segment entry and exit triggers once.
import type { Db } from './connection.ts';

export interface SegmentChangeRow {
  id: string;
  segment_id: string;
  customer_id: string;
  change: 'entered' | 'exited';
  changed_at: Date;
}

/** Records customers entering or leaving a segment: membership and the change, together. */
export async function recordSegmentChanges(
  db: Db,
  segmentId: string,
  changes: { customerId: string; change: 'entered' | 'exited' }[],
): Promise<void> {
  if (changes.length === 0) return;
  await db.transaction(async (trx) => {
    const entered = changes.filter((c) => c.change === 'entered').map((c) => c.customerId);
    const exited = changes.filter((c) => c.change === 'exited').map((c) => c.customerId);
    if (entered.length > 0)
      await trx('segment_memberships')
        .insert(entered.map((id) => ({ segment_id: segmentId, customer_id: id })))
        .onConflict(['segment_id', 'customer_id'])
        .ignore();
    if (exited.length > 0)
      await trx('segment_memberships')
        .where({ segment_id: segmentId })
        .whereIn('customer_id', exited)
        .delete();
    await trx('segment_membership_changes').insert(
      changes.map((c) => ({ segment_id: segmentId, customer_id: c.customerId, change: c.change })),
    );
  });
}

/**
 * Handles up to `limit` unprocessed changes in order, each marked processed once `handle`
 * succeeds. Rows are locked (skip locked), so two dispatchers never handle one change.
 */
export async function claimSegmentChanges(
  db: Db,
  limit: number,
  handle: (change: SegmentChangeRow) => Promise<void>,
): Promise<{ dispatched: number }> {
  return db.transaction(async (trx) => {
    const rows = await trx('segment_membership_changes')
      .whereNull('processed_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select<SegmentChangeRow[]>('*');
    for (const row of rows) await handle(row);
    if (rows.length > 0)
      await trx('segment_membership_changes')
        .whereIn(
          'id',
          rows.map((r) => r.id),
        )
        .update({ processed_at: trx.fn.now() });
    return { dispatched: rows.length };
  });
}
