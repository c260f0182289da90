// A mailing's attribution rules changed: only credit to or from that mailing can move, so only
// that is recomputed, instead of a full lookup for every purchase of every recipient (204 s for
// a 137,000-message mailing at 50 M messages; docs/analytics.md). The other messages' touches
// did not change, and each attribution keeps the instant its message touched, so:
// - a purchase credited to this mailing is looked up in full again (its message may no longer
//   count, and the credit go elsewhere or nowhere);
// - any other purchase moves to this mailing's message X only if X counts under the new rules
//   and ranks before its present credit M (a later touch, or the same instant and a lower
//   message ID, as the full lookup orders them); an uncredited one, if X counts at all.
// db/attribution-mailing.test.ts proves the result equal to the full recomputation.
import type { Db } from './connection.ts';
import {
  ATTRIBUTION_COLUMNS,
  attributionValues,
  countsFor,
  insertAttributions,
  MESSAGE_TOUCHES,
  RULES,
} from './attribution.ts';

export interface Reattributed {
  /** Purchases that were credited to the mailing, looked up again in full. */
  redone: number;
  /** Purchases whose credit moved to the mailing (from another message or from none). */
  gained: number;
}

/** Recomputes one mailing's attribution under its rules as saved now. */
export async function reattributeMailing(db: Db, mailingId: string): Promise<Reattributed> {
  return db.transaction(async (trx) => {
    await trx.raw(
      'create temp table attribution_redo (receipt_id uuid primary key) on commit drop',
    );
    const redo = await trx.raw<{ rowCount: number }>(
      `with gone as (delete from attributions where mailing_id = ? returning receipt_id)
       insert into attribution_redo select receipt_id from gone`,
      [mailingId],
    );
    await trx.raw('analyze attribution_redo');
    await insertAttributions(trx, 'r.id in (select receipt_id from attribution_redo)', []);
    // The mailing's messages with their touches (an index-only scan of messages_mailing_report),
    // each purchase's best of them, kept where it ranks before the present credit.
    const gained = await trx.raw<{ rowCount: number }>(
      `with rules as (${RULES} where mg.id = ?),
       x as (
         select m.id, m.customer_id, m.created_at, m.mailing_id, m.campaign_id, m.node_id,
           m.channel, rule.touch, rule.window_hours, tt.touched_at
         from ${MESSAGE_TOUCHES}
         where m.mailing_id = ? and tt.touched_at is not null),
       best as (
         select distinct on (r.id) r.id receipt_id, x.*
         from x join receipts r on r.customer_id = x.customer_id and r.kind = 'purchase'
           and ${countsFor('x.created_at', 'x.touched_at', 'x.window_hours')}
         order by r.id, x.touched_at desc, x.id)
       insert into attributions ${ATTRIBUTION_COLUMNS}
       select ${attributionValues('b')}
       from best b join receipts r on r.id = b.receipt_id
       left join attributions a on a.receipt_id = b.receipt_id
       where a.receipt_id is null or b.touched_at > a.touched_at
         or (b.touched_at = a.touched_at and b.id < a.message_id)
       on conflict (receipt_id) do update set message_id = excluded.message_id,
         mailing_id = excluded.mailing_id, campaign_id = excluded.campaign_id,
         node_id = excluded.node_id, channel = excluded.channel, touch = excluded.touch,
         touched_at = excluded.touched_at`,
      [mailingId, mailingId],
    );
    return { redone: redo.rowCount, gained: gained.rowCount };
  });
}
