// Reports on the customer base: its size and growth, where customers came from, subscriptions,
// RFM (as segments and as the R × F grid) and interests from browsing. Each a few grouped
// statements over indexed columns; growth and the quality trend read the daily snapshot tables
// (db/report-snapshots.ts) where they have the day.
import type { Period } from '../core/report-period.ts';
import { rfmSegment } from '../core/rfm.ts';
import type { Db } from './connection.ts';

type Rows<T> = { rows: T[] };

export async function customerBaseReport(db: Db, p: Period) {
  const [totals, growth, bySource, byCity, subscriptions, rfm] = await Promise.all([
    db.raw<Rows<{ customers: number; new_in_period: number }>>(
      `select count(*)::int customers,
         count(*) filter (where created_at >= ? and created_at < ?)::int new_in_period
       from customers`,
      [p.from, p.to],
    ),
    // Per day: new customers, and the running size (those before the period, plus the new ones).
    db.raw<Rows<{ day: string; new_customers: number; customers: number }>>(
      `with days as (
         select to_char(d, 'YYYY-MM-DD') as day, d from generate_series(?::timestamptz, ?::timestamptz - interval '1 day', interval '1 day') d),
       added as (
         select date_trunc('day', created_at at time zone 'UTC') d, count(*)::int n
         from customers where created_at >= ? and created_at < ? group by 1)
       select days.day, coalesce(added.n, 0) new_customers,
         ((select count(*) from customers where created_at < ?)
           + sum(coalesce(added.n, 0)) over (order by days.d))::int customers
       from days left join added on added.d = days.d at time zone 'UTC' order by days.d`,
      [p.from, p.to, p.from, p.to, p.from],
    ),
    db.raw<Rows<{ source: string; customers: number }>>(
      `select coalesce(source, 'unknown') source, count(*)::int customers from customers
       group by 1 order by 2 desc, coalesce(source, 'unknown') collate "C" limit 20`,
    ),
    db.raw<Rows<{ city: string; customers: number }>>(
      `select coalesce(city, 'unknown') city, count(*)::int customers from customers
       group by 1 order by 2 desc, coalesce(city, 'unknown') collate "C" limit 20`,
    ),
    db.raw<Rows<{ channel: string; messagingType: string; subscribed: number }>>(
      `select channel, messaging_type "messagingType", count(*)::int subscribed
       from subscriptions where subscribed group by 1, 2 order by 1, 2`,
    ),
    db.raw<Rows<{ segment: string; customers: number }>>(
      `select coalesce(rfm_segment, 'unscored') segment, count(*)::int customers
       from customer_metrics group by 1 order by 2 desc`,
    ),
  ]);
  return {
    customers: totals.rows[0]!.customers,
    newInPeriod: totals.rows[0]!.new_in_period,
    growth: growth.rows.map((r) => ({
      day: r.day,
      newCustomers: r.new_customers,
      customers: r.customers,
    })),
    bySource: bySource.rows,
    byCity: byCity.rows,
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
      `select ${category} category, count(*)::int views, count(distinct customer_id)::int customers
       from events where ${where} group by 1 order by 2 desc, ${category} collate "C" limit 30`,
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
