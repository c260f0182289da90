// A mailing's attribution rules changed: only credit to or from that mailing can move, so only
// that is recomputed, instead of a full lookup for every purchase of every recipient (204 s for
// a 137,000-message mailing at 50 M messages; docs/analytics.md). The other messages' touches
// did not change, and each attribution keeps the instant its message touched. First, for each
// purchase, the best of this mailing's messages under the new rules, X (the last touch, then the
// lowest message ID, as the full lookup orders them). Then:
// - a purchase credited to another message M, or to none, moves to X only if X ranks before M;
// - a purchase credited to this mailing stays with X if X ranks no lower than its credit did
//   (every other message ranked below that credit); otherwise (X ranks lower, or no message of
//   the mailing counts now) it is looked up in full again: the credit may go anywhere.
// db/attribution-mailing.test.ts proves the result equal to the full recomputation.
import { touchSql } from '../core/attribution.ts';
import type { Db } from './connection.ts';
import {
  ATTRIBUTION_COLUMNS,
  attributionValues,
  countsFor,
  insertAttributions,
  RULES,
} from './attribution.ts';

export interface Reattributed {
  /** Purchases credited to the mailing now: kept (with its best message) or moved to it. */
  credited: number;
  /** Purchases it had that its messages no longer earn as they did: looked up again in full. */
  redone: number;
}

/** Recomputes one mailing's attribution under its rules as saved now. */
export async function reattributeMailing(db: Db, mailingId: string): Promise<Reattributed> {
  return db.transaction(async (trx) => {
    // The mailing's messages with their touches: an index-only scan of messages_mailing_report.
    // A mailing's messages are of its channel, so the rule and the channel are the mailing's (the
    // full lookup reads them from each message's row).
    await trx.raw(
      `create temp table attribution_touches on commit drop as
       select m.id, m.customer_id, m.created_at, m.mailing_id, m.campaign_id, m.node_id,
         rule.channel, rule.touch, rule.window_hours, tt.touched_at
       from messages m
       cross join (${RULES} where mg.id = ?) rule
       cross join lateral (select ${touchSql('m', 'rule.touch')} touched_at) tt
       where m.mailing_id = ? and tt.touched_at is not null`,
      [mailingId, mailingId],
    );
    await trx.raw('analyze attribution_touches');
    // Each purchase's best of them: for each touch, the customer's purchases within its window,
    // by receipts' (customer_id, occurred_at) index. The planner would rather hash the touches
    // and read all 10 M receipts (16 s against 4 s at 50 M messages: docs/analytics.md); the
    // window written as a range of occurred_at (the same condition) is what the index answers.
    await trx.raw('set local enable_hashjoin = off');
    await trx.raw(
      `create temp table attribution_best on commit drop as
       select distinct on (r.id) r.id receipt_id, x.*
       from attribution_touches x join receipts r on r.customer_id = x.customer_id
         and r.occurred_at >= x.touched_at
         and r.occurred_at < x.touched_at + make_interval(hours => x.window_hours)
         and r.kind = 'purchase' and ${countsFor('x.created_at', 'x.touched_at', 'x.window_hours')}
       order by r.id, x.touched_at desc, x.id`,
    );
    await trx.raw('set local enable_hashjoin = on');
    await trx.raw('alter table attribution_best add primary key (receipt_id)');
    await trx.raw('analyze attribution_best');
    // X where it ranks before the present credit, or no lower than its own (the same message).
    const credited = await trx.raw<{ rowCount: number }>(
      `insert into attributions ${ATTRIBUTION_COLUMNS}
       select ${attributionValues('b')}
       from attribution_best b join receipts r on r.id = b.receipt_id
       left join attributions a on a.receipt_id = b.receipt_id
       where a.receipt_id is null or b.touched_at > a.touched_at
         or (b.touched_at = a.touched_at and b.id <= a.message_id)
       on conflict (receipt_id) do update set message_id = excluded.message_id,
         mailing_id = excluded.mailing_id, campaign_id = excluded.campaign_id,
         node_id = excluded.node_id, channel = excluded.channel, touch = excluded.touch,
         touched_at = excluded.touched_at`,
    );
    // What the mailing still holds that X did not take over: looked up in full.
    await trx.raw(
      'create temp table attribution_redo (receipt_id uuid primary key) on commit drop',
    );
    const redo = await trx.raw<{ rowCount: number }>(
      `with gone as (
         delete from attributions a where a.mailing_id = ? and not exists (
           select 1 from attribution_best b
           where b.receipt_id = a.receipt_id and b.id = a.message_id
             and b.touched_at = a.touched_at)
         returning receipt_id)
       insert into attribution_redo select receipt_id from gone`,
      [mailingId],
    );
    await trx.raw('analyze attribution_redo');
    await insertAttributions(trx, 'r.id in (select receipt_id from attribution_redo)', []);
    return { credited: credited.rowCount, redone: redo.rowCount };
  });
}
