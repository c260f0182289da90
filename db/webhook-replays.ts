// The replay record of signed webhook deliveries (migration 0031).
import type { Db } from './connection.ts';

/** True the first time a source's signature is seen; false for a replay. */
export async function claimDelivery(
  db: Db,
  sourceId: string,
  signature: string,
  windowSeconds: number,
): Promise<boolean> {
  await db('webhook_replays')
    .where('received_at', '<', db.raw(`now() - make_interval(secs => ?)`, [windowSeconds * 2]))
    .delete();
  const inserted = await db('webhook_replays')
    .insert({ source_id: sourceId, signature })
    .onConflict(['source_id', 'signature'])
    .ignore()
    .returning('signature');
  return inserted.length === 1;
}
