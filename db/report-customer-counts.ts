// The customer-base report from the snapshot run's counts (migration 0280): the counts by source,
// city, subscription, RFM segment and day of creation as the last run took them, plus the
// customers created since (its as_of), read through the created_at index. So the report reads a
// few hundred snapshot rows and today's new customers instead of every customer.
//
// What the snapshot cannot see until the next run (at most an hour): a change to a customer who
// already existed (a new city, an unsubscription, a new RFM score) or one deleted.
import type { Db } from './connection.ts';

type Rows<T> = { rows: T[] };
type Figure = 'source' | 'city' | 'subscribed' | 'rfm' | 'created';
interface Count {
  figure: Figure;
  key: string;
  detail: string;
  customers: number;
}

/**
 * Today's counts, all from one repeatable-read snapshot, stamped with its start (as_of): a
 * customer created after it is not in the counts and has created_at >= as_of. The last run of
 * the day stands; days of creation are kept for the latest day only (growth needs no more).
 */
export async function snapshotCustomerCounts(db: Db, day: string): Promise<void> {
  await db.transaction(
    async (trx) => {
      await trx.raw('delete from report_customer_counts where day = ?', [day]);
      await trx.raw(
        `insert into report_customer_counts (day, figure, key, detail, customers)
         select ?::date, case when grouping(source) = 0 then 'source'
             when grouping(city) = 0 then 'city' else 'created' end,
           coalesce(source, city, day, 'unknown'), '', count(*)
         from (select coalesce(source, 'unknown') source, coalesce(city, 'unknown') city,
                 to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day from customers) c
         group by grouping sets ((source), (city), (day))`,
        [day],
      );
      await trx.raw(
        `insert into report_customer_counts (day, figure, key, detail, customers)
         select ?::date, 'subscribed', channel, messaging_type, count(*) from subscriptions
         where subscribed group by channel, messaging_type`,
        [day],
      );
      await trx.raw(
        `insert into report_customer_counts (day, figure, key, detail, customers)
         select ?::date, 'rfm', coalesce(rfm_segment, 'unscored'), '', count(*)
         from customer_metrics group by 3`,
        [day],
      );
      await trx.raw("delete from report_customer_counts where figure = 'created' and day < ?", [
        day,
      ]);
      await trx.raw(
        `insert into report_daily_customers (day, customers, new_customers, as_of)
         select ?::date, count(*), count(*) filter (where created_at >= ?::date), now()
         from customers
         on conflict (day) do update set customers = excluded.customers,
           new_customers = excluded.new_customers, as_of = excluded.as_of`,
        [day, day],
      );
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** The customer-base report from the latest snapshot and what was created since; null before one. */
export async function customerBaseFromCounts(db: Db) {
  const snap = await db('report_daily_customers')
    .whereNotNull('as_of')
    .orderBy('day', 'desc')
    .first<{ day: Date; customers: number; as_of: Date } | undefined>('day', 'customers', 'as_of');
  if (!snap) return null;
  const since = [snap.as_of];
  const [counts, created, subscribed, rfm] = await Promise.all([
    db('report_customer_counts').where({ day: snap.day }).select<Count[]>(),
    db.raw<Rows<{ day: string; source: string; city: string; n: number }>>(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
         coalesce(source, 'unknown') source, coalesce(city, 'unknown') city, count(*)::int n
       from customers where created_at >= ? group by 1, 2, 3`,
      since,
    ),
    db.raw<Rows<{ key: string; detail: string; n: number }>>(
      `select s.channel key, s.messaging_type detail, count(*)::int n
       from customers c join subscriptions s on s.customer_id = c.id
       where c.created_at >= ? and s.subscribed group by 1, 2`,
      since,
    ),
    db.raw<Rows<{ key: string; n: number }>>(
      `select coalesce(m.rfm_segment, 'unscored') key, count(*)::int n
       from customers c join customer_metrics m on m.customer_id = c.id
       where c.created_at >= ? group by 1`,
      since,
    ),
  ]);
  const tally = new Map<string, number>();
  const add = (figure: Figure, key: string, n: number, detail = '') => {
    const at = `${figure}\u0000${key}\u0000${detail}`;
    tally.set(at, (tally.get(at) ?? 0) + n);
  };
  for (const c of counts) add(c.figure, c.key, c.customers, c.detail);
  let edge = 0;
  for (const r of created.rows) {
    edge += r.n;
    add('source', r.source, r.n);
    add('city', r.city, r.n);
    add('created', r.day, r.n);
  }
  for (const r of subscribed.rows) add('subscribed', r.key, r.n, r.detail);
  for (const r of rfm.rows) add('rfm', r.key, r.n);
  const of = (figure: Figure) =>
    [...tally]
      .map(([at, n]) => ({ at: at.split('\u0000'), n }))
      .filter((x) => x.at[0] === figure && x.n > 0)
      .map((x) => ({ key: x.at[1]!, detail: x.at[2]!, customers: x.n }));
  const customers = Number(snap.customers) + edge;
  return { customers, perDay: new Map(of('created').map((x) => [x.key, x.customers])), of };
}

/** Most first, ties by name byte-wise (as `collate "C"` orders them), at most `limit`. */
export const topByCount = <T extends { key: string; customers: number }>(rows: T[], limit = 20) =>
  rows
    .sort((a, b) => b.customers - a.customers || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit);
