// Reports on the customer base: its size and growth, where customers came from, subscriptions,
// RFM (as segments and as the R × F grid) and interests from browsing. Each a few grouped
// statements over indexed columns; growth and the quality trend read the daily snapshot tables
// (db/report-snapshots.ts) where they have the day.
import { isoDay, type Period } from '../core/report-period.ts';
import { rfmSegment } from '../core/rfm.ts';
import type { Db } from './connection.ts';
import { customerBaseFromCounts, topByCount } from './report-customer-counts.ts';

type Rows<T> = { rows: T[] };

/**
 * From the snapshot run's counts and the customers created since (db/report-customer-counts.ts),
 * or, before the first run, every customer counted live.
 */
export async function customerBaseReport(db: Db, p: Period) {
  const counted = await customerBaseFromCounts(db);
  if (!counted) return customerBaseLive(db, p);
  const { customers, perDay, of } = counted;
  const from = isoDay(p.from);
  let since = 0;
  for (const [day, n] of perDay) if (day >= from) since += n;
  return {
    customers,
    ...growthOf(p, perDay, customers - since),
    bySource: topByCount(of('source')).map((x) => ({ source: x.key, customers: x.customers })),
    byCity: topByCount(of('city')).map((x) => ({ city: x.key, customers: x.customers })),
    subscriptions: of('subscribed')
      .sort((a, b) => cmp(a.key, b.key) || cmp(a.detail, b.detail))
      .map((x) => ({ channel: x.key, messagingType: x.detail, subscribed: x.customers })),
    rfm: topByCount(of('rfm'), Infinity).map((x) => ({ segment: x.key, customers: x.customers })),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** New customers per day over the period, and the running total from those before it. */
function growthOf(p: Period, perDay: Map<string, number>, before: number) {
  let running = before;
  let newInPeriod = 0;
  const growth = [];
  for (let t = p.from.getTime(); t < p.to.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const newCustomers = perDay.get(day) ?? 0;
    running += newCustomers;
    newInPeriod += newCustomers;
    growth.push({ day, newCustomers, customers: running });
  }
  return { newInPeriod, growth };
}

/**
 * Every customer counted: each figure its own hash aggregate, run side by side (a single pass
 * with grouping sets sorts and took twice as long on a million customers). The snapshot's counts
 * must equal these (db/report-customer-counts.test.ts).
 */
export async function customerBaseLive(db: Db, p: Period) {
  const byKey = (column: 'source' | 'city') =>
    db.raw<Rows<Record<string, string | number>>>(
      `select coalesce(${column}, 'unknown') ${column}, count(*)::int customers from customers
       group by 1 order by 2 desc, coalesce(${column}, 'unknown') collate "C" limit 20`,
    );
  const [totals, added, bySource, byCity, subscriptions, rfm] = await Promise.all([
    db.raw<Rows<{ customers: number; before: number }>>(
      `select count(*)::int customers, count(*) filter (where created_at < ?)::int before
       from customers`,
      [p.from],
    ),
    db.raw<Rows<{ day: string; n: number }>>(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int n
       from customers where created_at >= ? and created_at < ? group by 1`,
      [p.from, p.to],
    ),
    byKey('source'),
    byKey('city'),
    db.raw<Rows<{ channel: string; messagingType: string; subscribed: number }>>(
      `select channel, messaging_type "messagingType", count(*)::int subscribed
       from subscriptions where subscribed group by 1, 2 order by 1, 2`,
    ),
    db.raw<Rows<{ segment: string; customers: number }>>(
      `select coalesce(rfm_segment, 'unscored') segment, count(*)::int customers
       from customer_metrics group by 1 order by 2 desc`,
    ),
  ]);
  const perDay = new Map(added.rows.map((r) => [r.day, r.n]));
  return {
    customers: totals.rows[0]!.customers,
    ...growthOf(p, perDay, totals.rows[0]!.before),
    bySource: bySource.rows as { source: string; customers: number }[],
    byCity: byCity.rows as { city: string; customers: number }[],
    subscriptions: subscriptions.rows,
    rfm: rfm.rows,
  };
}

/** The R × F grid: every cell (all 25), with its segment's name, customers and revenue. */
export async function rfmGrid(db: Db) {
  const { rows } = await db.raw<Rows<{ r: number; f: number; customers: number; revenue: number }>>(
    `select r_score r, f_score f, count(*)::int customers, coalesce(sum(total_spent), 0)::float revenue
     from customer_metrics where r_score is not null and f_score is not null group by 1, 2`,
  );
  const cells = [];
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++) {
      const hit = rows.find((x) => x.r === r && x.f === f);
      cells.push({
        r,
        f,
        segment: rfmSegment(r, f),
        customers: hit?.customers ?? 0,
        revenue: Math.round((hit?.revenue ?? 0) * 100) / 100,
      });
    }
  return { cells };
}

/** Browsing by category (the metrics' interest events) over the period. */
export async function interestsReport(db: Db, p: Period) {
  const category = "coalesce(properties->>'category', properties->>'categoryId')";
  const where = `type in ('product_view', 'category_view') and occurred_at >= ? and occurred_at < ?
    and ${category} is not null`;
  const [categories, daily] = await Promise.all([
    db.raw<Rows<{ category: string; views: number; customers: number }>>(
      // Distinct customers by a hash per (category, customer) first: count(distinct) sorted half
      // a million rows by a collated text and took 6.7 s of the 50 M-message bench.
      `select category, sum(n)::int views, count(*)::int customers from (
         select ${category} category, customer_id, count(*) n from events where ${where}
         group by 1, 2) viewers
       group by 1 order by 2 desc, category collate "C" limit 30`,
      [p.from, p.to],
    ),
    db.raw<Rows<{ day: string; count: number }>>(
      `select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int count
       from events where ${where} group by 1 order by 1`,
      [p.from, p.to],
    ),
  ]);
  return { categories: categories.rows, daily: daily.rows };
}

/** The database-quality trend from the daily snapshots. */
export async function qualityTrend(db: Db, p: Period) {
  const days = await db('report_daily_quality')
    .where('day', '>=', p.from)
    .andWhere('day', '<', p.to)
    .orderBy('day')
    .select(
      db.raw(`to_char(day, 'YYYY-MM-DD') as day`),
      'customers',
      'valid_emails as validEmails',
      'valid_phones as validPhones',
      'with_time_zone as withTimeZone',
      'subscribed_email as subscribedEmail',
      'subscribed_sms as subscribedSms',
    );
  return { days };
}
