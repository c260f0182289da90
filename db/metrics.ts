// Customer metrics (DESIGN decision 6). refreshCustomerMetrics recomputes some customers as
// their data arrives; recomputeAllMetrics does everyone in a few set-based statements. Both are
// built from the same CTEs, the second without the customer filter, so they cannot disagree.
import type { Knex } from 'knex';
import {
  CLTV_LIFETIME_YEARS,
  type CustomerMetrics,
  daysSince,
  INTEREST_EVENT_TYPES,
  INTEREST_WEIGHTS,
  type Interest,
  rfmSegmentSql,
  type RfmSegment,
  TOP_INTERESTS,
} from '../core/rfm.ts';
import type { Db } from './connection.ts';

type Conn = Db | Knex.Transaction;

/** Below this many buying customers at the last ranking, every refresh ranks everyone again:
 * it is cheap, and quintiles of a handful of customers move with each new one. */
const RERANK_BELOW = 1000;

/** Advisory lock key of "rank everyone" (any constant unique among Herald's advisory locks). */
const RANKING_LOCK = 0x5246_4d00; // "RFM"

const YEAR_SECONDS = 365.25 * 86_400;
const eventTypes = INTEREST_EVENT_TYPES.map((t) => `'${t}'`).join(', ');

/** CTEs ending in `interests` (customer_id, interests jsonb): the top categories by weight. */
function interestsCtes(filter: (column: string) => string): string {
  return `weights as (
  select r.customer_id, l.category, ${INTEREST_WEIGHTS.purchase}::numeric as w
  from receipt_lines l join receipts r on r.id = l.receipt_id
  where l.category is not null and r.kind = 'purchase' and ${filter('r.customer_id')}
  union all
  select customer_id, coalesce(properties->>'category', properties->>'categoryId'),
         ${INTEREST_WEIGHTS.view}::numeric
  from events
  where type in (${eventTypes}) and ${filter('customer_id')}
    and coalesce(properties->>'category', properties->>'categoryId') is not null
), per_category as (
  select customer_id, category, sum(w) as w from weights group by 1, 2
), ranked as (
  select customer_id, category, w / sum(w) over (partition by customer_id) as share,
         row_number() over (partition by customer_id order by w desc, category) as rn
  from per_category
), interests as (
  select customer_id,
         jsonb_agg(jsonb_build_object('category', category, 'score', round(share, 3)) order by rn)
           as interests
  from ranked where rn <= ${TOP_INTERESTS} group by customer_id
)`;
}

/**
 * Quintile scores of every buying customer in `source` (customer_id, last_purchase_at,
 * receipts_count, total_spent), as CTEs ending in `scored` (customer_id, r, f, m). ntile ranks;
 * tied values share one score, the lowest their rank reached (the many one-time buyers all get
 * F=1). Under five buyers ntile(5) leaves the top buckets empty, so ranks are spread over 1..5:
 * the best of them is a 5, never a "lost" customer who bought today.
 */
function rankCtes(source: string): string {
  return `tiles as (
  select customer_id, last_purchase_at, receipts_count, total_spent,
         ntile(5) over (order by last_purchase_at) as rt,
         ntile(5) over (order by receipts_count) as ft,
         ntile(5) over (order by total_spent) as mt,
         least(5, count(*) over ()) as buckets
  from ${source} where receipts_count > 0
), spread as (
  select customer_id, last_purchase_at, receipts_count, total_spent,
         ceil(rt * 5.0 / buckets)::int as rt, ceil(ft * 5.0 / buckets)::int as ft,
         ceil(mt * 5.0 / buckets)::int as mt
  from tiles
), scored as (
  select customer_id,
         min(rt) over (partition by last_purchase_at) as r,
         min(ft) over (partition by receipts_count) as f,
         min(mt) over (partition by total_spent) as m
  from spread
)`;
}

/**
 * Aggregates and interests of the customers `filter` lets through, as the CTE `base`. Net of
 * returns: revenue is purchases less refunds; an order is a purchase not refunded in full by the
 * returns that name it (a standalone return lowers revenue, not the count); first and last
 * purchase and the average check are read from those orders.
 */
function baseCtes(filter: (column: string) => string): string {
  return `refunded as (
  select original_receipt_id as id, sum(total) as amount
  from receipts
  where kind = 'return' and original_receipt_id is not null and ${filter('customer_id')}
  group by 1
), flagged as (
  select r.customer_id, r.kind, r.total, r.occurred_at,
         r.kind = 'purchase' and coalesce(f.amount >= r.total, false) as refunded_in_full
  from receipts r left join refunded f on f.id = r.id
  where ${filter('r.customer_id')}
), agg as (
  select customer_id,
         count(*) filter (where kind = 'purchase' and not refunded_in_full)::int as n,
         coalesce(sum(case kind when 'purchase' then total else -total end), 0) as spent,
         count(*) filter (where kind = 'return')::int as returns_n,
         coalesce(sum(total) filter (where kind = 'return'), 0) as returned,
         min(occurred_at) filter (where kind = 'purchase' and not refunded_in_full) as first_at,
         max(occurred_at) filter (where kind = 'purchase' and not refunded_in_full) as last_at
  from flagged group by customer_id
), ${interestsCtes(filter)}, base as (
  select customer_id, coalesce(a.n, 0) as receipts_count, coalesce(a.spent, 0) as total_spent,
         coalesce(a.returns_n, 0) as returns_count, coalesce(a.returned, 0) as returned_amount,
         round(a.spent / nullif(a.n, 0), 2) as average_check, a.first_at as first_purchase_at,
         a.last_at as last_purchase_at,
         round(a.spent / greatest(extract(epoch from a.last_at - a.first_at) / ${YEAR_SECONDS}, 1)
               * ${CLTV_LIFETIME_YEARS}, 2) as cltv,
         coalesce(i.interests, '[]'::jsonb) as interests
  from agg a full join interests i using (customer_id)
)`;
}

const METRIC_COLUMNS = [
  'receipts_count',
  'total_spent',
  'returns_count',
  'returned_amount',
  'average_check',
  'first_purchase_at',
  'last_purchase_at',
  'cltv',
  'interests',
];
const SCORE_COLUMNS = ['r_score', 'f_score', 'm_score', 'rfm_segment'];

/** The upsert of `base` (and, when scored, `scored`) into customer_metrics. */
function upsertSql(withScores: boolean): string {
  const columns = [...METRIC_COLUMNS, ...(withScores ? SCORE_COLUMNS : []), 'updated_at'];
  const scores = withScores ? `, s.r, s.f, s.m, ${rfmSegmentSql('s.r', 's.f')}` : '';
  return `
insert into customer_metrics (customer_id, ${columns.join(', ')})
select b.customer_id, ${METRIC_COLUMNS.map((c) => `b.${c}`).join(', ')}${scores}, now()
from base b ${withScores ? 'left join scored s using (customer_id)' : ''}
on conflict (customer_id) do update set
  ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

/** Keeps each score's smallest value as the breakpoints single customers are scored against. */
async function storeBreakpoints(db: Conn): Promise<void> {
  await db.raw(`
with per_score as (
  select k, score, min(v) as v
  from customer_metrics
  cross join lateral (values ('r', r_score, extract(epoch from last_purchase_at)),
                             ('f', f_score, receipts_count::numeric), ('m', m_score, total_spent))
    as x(k, score, v)
  where receipts_count > 0
  group by k, score
), population as (select count(*) as n from customer_metrics where receipts_count > 0)
insert into rfm_thresholds (score, breakpoints, population, computed_at)
-- Breakpoint of score s: the smallest value scoring s or more (none when nobody does).
select k, array_agg((select min(p.v) from per_score p where p.k = keys.k and p.score >= s) order by s),
       (select n from population), now()
from (values ('r'), ('f'), ('m')) as keys(k) cross join generate_series(2, 5) as s
group by k
on conflict (score) do update set breakpoints = excluded.breakpoints,
  population = excluded.population, computed_at = excluded.computed_at`);
}

/** Ranks every buying customer again, rewriting only the scores that changed. */
async function rankEveryone(db: Conn): Promise<void> {
  await db.raw(`
with ${rankCtes('customer_metrics')}
update customer_metrics c
set r_score = s.r, f_score = s.f, m_score = s.m, rfm_segment = ${rfmSegmentSql('s.r', 's.f')}
from scored s
where c.customer_id = s.customer_id
  and (c.r_score, c.f_score, c.m_score) is distinct from (s.r, s.f, s.m)`);
  await storeBreakpoints(db);
}

/** Scores the given customers against the stored breakpoints: the highest score reached. */
async function scoreAgainstBreakpoints(db: Conn, ids: string[]): Promise<void> {
  const score = (k: string, value: string) =>
    `(select coalesce(max(i + 1), 1) from rfm_thresholds t,
       unnest(t.breakpoints) with ordinality as b(v, i) where t.score = '${k}' and b.v <= ${value})`;
  await db.raw(
    `
update customer_metrics c
set r_score = s.r, f_score = s.f, m_score = s.m, rfm_segment = ${rfmSegmentSql('s.r', 's.f')}
from (
  select customer_id, ${score('r', 'extract(epoch from last_purchase_at)')} as r,
         ${score('f', 'receipts_count')} as f, ${score('m', 'total_spent')} as m
  from customer_metrics where customer_id = any(?) and receipts_count > 0
) s
where c.customer_id = s.customer_id`,
    [ids],
  );
}

/**
 * Recomputes the metrics of these customers from their receipts and browsing, and scores them.
 * Called per receipt, and by bulk importers once per batch.
 */
export async function refreshCustomerMetrics(db: Conn, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  const run = async (trx: Knex.Transaction) => {
    const t = await trx('rfm_thresholds')
      .where({ score: 'r' })
      .first<{ population: number } | undefined>();
    const rerank = !t || t.population < RERANK_BELOW;
    // Ranking rewrites other customers' rows: one ranking at a time, taken before this
    // customer's row is locked, or two receipts could each wait for the other's row.
    if (rerank) await trx.raw('select pg_advisory_xact_lock(?)', [RANKING_LOCK]);
    const filters: string[][] = [];
    const only = (column: string) => {
      filters.push(customerIds);
      return `${column} = any(?::uuid[])`;
    };
    await trx.raw(`with ${baseCtes(only)} ${upsertSql(false)}`, filters);
    if (rerank) await rankEveryone(trx);
    else await scoreAgainstBreakpoints(trx, customerIds);
  };
  await (db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run));
}

/**
 * Every customer's metrics, set-based: aggregates, interests and RFM quintiles computed and
 * written in one statement (each row written once), then the breakpoints.
 */
export async function recomputeAllMetrics(db: Db): Promise<void> {
  const started = await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [RANKING_LOCK]);
    // Sorting and hashing a million customers in memory rather than on disk.
    await trx.raw("set local work_mem = '256MB'");
    await trx.raw(`with ${baseCtes(() => 'true')}, ${rankCtes('base')} ${upsertSql(true)}`);
    // Rows the upsert did not touch (now() is the transaction's start) belong to customers whose
    // data is gone. Deleting them, not truncating first, keeps segments readable meanwhile.
    await trx('customer_metrics').where('updated_at', '<', trx.fn.now()).delete();
    await storeBreakpoints(trx);
    const { rows } = await trx.raw<{ rows: { now: Date }[] }>('select now() as now');
    return rows[0]!.now;
  });
  // Receipts stored while everyone was recomputed were read from an older snapshot, or their
  // fresh rows taken for stale: count their customers again, now that the ranking is done.
  const late = (
    await db('receipts')
      .where('updated_at', '>=', started)
      .groupBy('customer_id')
      .select<{ customer_id: string }[]>('customer_id')
  ).map((r) => r.customer_id);
  for (let i = 0; i < late.length; i += 1000)
    await refreshCustomerMetrics(db, late.slice(i, i + 1000));
}

interface MetricsRow {
  receipts_count: number;
  total_spent: string;
  returns_count: number;
  returned_amount: string;
  average_check: string | null;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  cltv: string | null;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  rfm_segment: RfmSegment | null;
  interests: Interest[];
}

const num = (v: string | null) => (v === null ? null : Number(v));

/**
 * One customer's interests read now from their purchases and browsing, for the profile: browsing
 * events arrive far more often than metrics are refreshed.
 */
export async function currentInterests(db: Db, customerId: string): Promise<Interest[]> {
  const { rows } = await db.raw<{ rows: { interests: Interest[] }[] }>(
    `with ${interestsCtes((column) => `${column} = ?`)} select interests from interests`,
    [customerId, customerId],
  );
  return (rows[0]?.interests ?? []).map((i) => ({ category: i.category, score: Number(i.score) }));
}

export async function getCustomerMetrics(
  db: Db,
  customerId: string,
  now = new Date(),
): Promise<CustomerMetrics> {
  const row = await db('customer_metrics')
    .where({ customer_id: customerId })
    .first<MetricsRow | undefined>();
  if (!row)
    return {
      receiptsCount: 0,
      totalSpent: 0,
      returnsCount: 0,
      returnedAmount: 0,
      averageCheck: null,
      firstPurchaseAt: null,
      lastPurchaseAt: null,
      daysSinceLastPurchase: null,
      cltv: null,
      rfm: null,
      interests: [],
    };
  return {
    receiptsCount: row.receipts_count,
    totalSpent: Number(row.total_spent),
    returnsCount: row.returns_count,
    returnedAmount: Number(row.returned_amount),
    averageCheck: num(row.average_check),
    firstPurchaseAt: row.first_purchase_at?.toISOString() ?? null,
    lastPurchaseAt: row.last_purchase_at?.toISOString() ?? null,
    daysSinceLastPurchase: daysSince(row.last_purchase_at, now),
    cltv: num(row.cltv),
    rfm:
      row.r_score && row.f_score && row.m_score && row.rfm_segment
        ? { r: row.r_score, f: row.f_score, m: row.m_score, segment: row.rfm_segment }
        : null,
    interests: row.interests.map((i) => ({ category: i.category, score: Number(i.score) })),
  };
}
