// Which mailings' attribution is being recomputed, and since when (migration 0264): the route
// that changes the rules marks it, the workflow's activity clears it once it has recomputed the
// last change (workflows/attribution.ts).
import type { Db } from './connection.ts';
import { type Reattributed, reattributeMailing } from './attribution-mailing.ts';

/** A change of the mailing's rules: marked as being recomputed since the first change pending. */
export async function markAttributionChanged(db: Db, mailingId: string): Promise<void> {
  await db.raw(
    `insert into attribution_recomputes (mailing_id) values (?)
     on conflict (mailing_id) do update set changes = attribution_recomputes.changes + 1`,
    [mailingId],
  );
}

/** Since when (ISO 8601) the mailing's attribution is being recomputed; null when it is not. */
export async function recomputingSince(db: Db, mailingId: string): Promise<string | null> {
  const row = await db('attribution_recomputes')
    .where({ mailing_id: mailingId })
    .first<{ since: Date } | undefined>('since');
  return row?.since.toISOString() ?? null;
}

/**
 * Recomputes the mailing under the rules saved now; clears the mark unless a change came in
 * meanwhile (that change's signal runs it again).
 */
export async function recomputeMarked(db: Db, mailingId: string): Promise<Reattributed> {
  const mark = await db('attribution_recomputes')
    .where({ mailing_id: mailingId })
    .first<{ changes: number } | undefined>('changes');
  const result = await reattributeMailing(db, mailingId);
  if (mark)
    await db('attribution_recomputes')
      .where({ mailing_id: mailingId, changes: mark.changes })
      .delete();
  return result;
}
