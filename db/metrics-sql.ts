// The SQL customer metrics are computed with (docs/metrics.md), as CTEs that take a customer
// filter: db/metrics.ts runs them for a few customers as their data arrives and for everyone in
// the daily recompute, db/rfm-ranking.ts ranks from them. One text for every path, so the paths
// cannot disagree. `asOf` is the scoring date as SQL (see asOfSql).
import {
  INTEREST_EVENT_TYPES,
  INTEREST_WEIGHTS,
  quintileSql,
  RFM_ORDER,
  TOP_INTERESTS,
} from '../core/rfm.ts';

/** A customer filter: SQL over the given column (a customer id), with its bindings pushed. */
export type Filter = (column: string) => string;
export const everyone: Filter = () => 'true';

/** The scoring date as SQL: the transaction's now() unless a test or benchmark names one. */
export const asOfSql = (asOf?: Date) => (asOf ? `'${asOf.toISOString()}'::timestamptz` : 'now()');

const YEAR_DAYS = 365.25;

/** Recency: whole days from `last` to the scoring date (0 for a time after it). */
export const daysSql = (asOf: string, last: string) =>
  `greatest(0, floor(extract(epoch from ${asOf} - ${last}) / 86400))::int`;
/** An order: a purchase not refunded in full by the returns that name it. */
const ORDER = `kind = 'purchase' and not refunded_in_full`;
/** Purchases add, returns subtract. */
const SIGNED_TOTAL = `case kind when 'purchase' then total else -total end`;
/** Frequency and monetary value inside the RFM window, aggregated over `flagged`. */
export const RFM_VALUES = `count(*) filter (where ${ORDER} and in_window)::int as rfm_frequency,
  coalesce(sum(${SIGNED_TOTAL}) filter (where in_window), 0) as rfm_monetary`;

const eventTypes = INTEREST_EVENT_TYPES.map((t) => `'${t}'`).join(', ');

/**
 * CTEs `settings`, `refunded` and `flagged` (customer_id, kind, total, occurred_at,
 * refunded_in_full, in_window): the receipts of the customers `filter` lets through, each
 * purchase marked when the returns naming it refunded it in full, each receipt marked when it
 * lies inside the RFM window (after asOf − window; every receipt when there is no window).
 */
export function flaggedCtes(filter: Filter, asOf: string): string {
  return `settings as (
  select * from metric_settings
), refunded as (
  select original_receipt_id as id, sum(total) as amount
  from receipts
  where kind = 'return' and original_receipt_id is not null and ${filter('customer_id')}
  group by 1
), flagged as (
  select r.customer_id, r.kind, r.total, r.occurred_at,
         r.kind = 'purchase' and coalesce(f.amount >= r.total, false) as refunded_in_full,
         s.rfm_window_days is null
           or r.occurred_at > ${asOf} - make_interval(days => s.rfm_window_days) as in_window
  from receipts r left join refunded f on f.id = r.id cross join settings s
  where ${filter('r.customer_id')}
)`;
}

/** CTEs ending in `interests` (customer_id, interests jsonb): the top categories by weight. */
export function interestsCtes(filter: Filter): string {
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
 * Aggregates, CLTV and interests of the customers `filter` lets through, as the CTE `base`. Net
 * of returns: revenue is purchases less refunds; orders are purchases not refunded in full (a
 * standalone return lowers revenue, not the count); first and last purchase and the average
 * check are read from the orders. RFM's frequency and monetary value are the same figures
 * counted inside the window.
 *
 * CLTV = average check × orders per year × expected lifetime × gross margin, orders per year
 * being orders / tenure, tenure the years from the first order to the scoring date (at least
 * the minimum tenure). Average check × orders is revenue, so the SQL divides revenue by tenure
 * directly (no rounded average in between). A customer whose returns exceed their purchases
 * is worth 0, not less.
 */
export function baseCtes(filter: Filter, asOf: string): string {
  const flagged = flaggedCtes(filter, asOf);
  const interests = interestsCtes(filter);
  return `${flagged}, agg as (
  select customer_id,
         count(*) filter (where ${ORDER})::int as n,
         coalesce(sum(${SIGNED_TOTAL}), 0) as spent,
         count(*) filter (where kind = 'return')::int as returns_n,
         coalesce(sum(total) filter (where kind = 'return'), 0) as returned,
         min(occurred_at) filter (where ${ORDER}) as first_at,
         max(occurred_at) filter (where ${ORDER}) as last_at,
         ${RFM_VALUES}
  from flagged group by customer_id
), ${interests}, base as (
  select customer_id, coalesce(a.n, 0) as receipts_count, coalesce(a.spent, 0) as total_spent,
         coalesce(a.returns_n, 0) as returns_count, coalesce(a.returned, 0) as returned_amount,
         round(a.spent / nullif(a.n, 0), 2) as average_check, a.first_at as first_purchase_at,
         a.last_at as last_purchase_at,
         coalesce(a.rfm_frequency, 0) as rfm_frequency, coalesce(a.rfm_monetary, 0) as rfm_monetary,
         case when a.n > 0 then round(greatest(0,
           a.spent
           / (greatest(extract(epoch from ${asOf} - a.first_at) / 86400, s.cltv_min_tenure_days)
              / ${YEAR_DAYS})
           * s.cltv_lifetime_years * s.cltv_gross_margin), 2) end as cltv,
         coalesce(i.interests, '[]'::jsonb) as interests
  from agg a full join interests i using (customer_id) cross join settings s
)`;
}

/**
 * RFM scores of every customer in `source` (customer_id, receipts_count, last_purchase_at,
 * rfm_frequency, rfm_monetary), as CTEs ending in `scored` (customer_id, lapsed, r, f, m). The
 * customers with orders in the window are ranked in each score's order (RFM_ORDER) and cut into
 * quintiles by position; the ones with orders, none in the window, are lapsed: 1-1-1.
 */
export function rankCtes(source: string, asOf: string): string {
  return `rfm_input as (
  select s.customer_id, s.rfm_frequency as f, s.rfm_monetary as m, c.external_id,
         ${daysSql(asOf, 's.last_purchase_at')} as days
  from ${source} s join customers c on c.id = s.customer_id
  where s.rfm_frequency > 0
), rfm_positions as (
  select customer_id, count(*) over () as n,
         row_number() over (order by ${RFM_ORDER.r}) as rp,
         row_number() over (order by ${RFM_ORDER.f}) as fp,
         row_number() over (order by ${RFM_ORDER.m}) as mp
  from rfm_input
), scored as (
  select customer_id, false as lapsed, ${quintileSql('rp', 'n')} as r,
         ${quintileSql('fp', 'n')} as f, ${quintileSql('mp', 'n')} as m
  from rfm_positions
  union all
  select customer_id, true, 1::smallint, 1::smallint, 1::smallint
  from ${source} where rfm_frequency = 0 and receipts_count > 0
)`;
}
