// Customer metrics (DESIGN decision 6, docs/metrics.md). refreshCustomerMetrics recomputes some
// customers as their data arrives; recomputeAllMetrics does everyone in a few set-based
// statements. Both run the same SQL (db/metrics-sql.ts), the second without the customer
// filter, so they cannot disagree; RFM ranking and its boundaries are db/rfm-ranking.ts.
import type { Knex } from 'knex';
import {
  type CustomerMetrics,
  daysSince,
  type Interest,
  rfmSegmentSql,
  type RfmSegment,
} from '../core/rfm.ts';
import type { Db } from './connection.ts';
import { asOfSql, baseCtes, everyone, interestsCtes, rankCtes } from './metrics-sql.ts';
import {
  type Conn,
  planRanking,
  RANKING_LOCK,
  rankEveryone,
  scoreAgainstBoundaries,
  storeBoundaries,
} from './rfm-ranking.ts';

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
  'rfm_frequency',
  'rfm_monetary',
];
const SCORE_COLUMNS = ['r_score', 'f_score', 'm_score', 'rfm_segment'];

/** The upsert of `base` (and, when scored, `scored`) into customer_metrics. */
function upsertSql(withScores: boolean): string {
  const columns = [...METRIC_COLUMNS, ...(withScores ? SCORE_COLUMNS : []), 'updated_at'];
  const scores = withScores ? `, s.r, s.f, s.m, ${rfmSegmentSql('s.r', 's.f', 's.lapsed')}` : '';
  // Rows are written in customer order, the order every writer of several rows takes them in.
  return `
insert into customer_metrics (customer_id, ${columns.join(', ')})
select b.customer_id, ${METRIC_COLUMNS.map((c) => `b.${c}`).join(', ')}${scores}, now()
from base b ${withScores ? 'left join scored s using (customer_id)' : ''}
order by b.customer_id
on conflict (customer_id) do update set
  ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

export interface RefreshOptions {
  /**
   * A bulk load that ranks everyone at its end (rankRfm) passes true: its chunks are scored
   * against the boundaries whatever the drift, instead of ranking everyone again and again.
   */
  deferRanking?: boolean;
}

/**
 * Recomputes the metrics of these customers from their receipts and browsing, and scores them
 * (see db/rfm-ranking.ts for when that ranks everyone). Called per receipt, and by bulk
 * importers once per batch.
 */
export async function refreshCustomerMetrics(
  db: Conn,
  customerIds: string[],
  { deferRanking = false }: RefreshOptions = {},
): Promise<void> {
  if (customerIds.length === 0) return;
  const run = async (trx: Knex.Transaction) => {
    const plan = await planRanking(trx, customerIds.length, deferRanking);
    const filters: string[][] = [];
    const only = (column: string) => {
      filters.push(customerIds);
      return `${column} = any(?::uuid[])`;
    };
    await trx.raw(`with ${baseCtes(only, asOfSql())} ${upsertSql(false)}`, filters);
    if (plan === 'rank') await rankEveryone(trx);
    else await scoreAgainstBoundaries(trx, customerIds);
  };
  await (db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run));
}

/**
 * Every customer's metrics, set-based: aggregates, CLTV, interests and RFM quintiles computed
 * and written in one statement (each row written once), then the boundaries. `asOf` is the
 * scoring date (default now): tests and benchmarks name one.
 */
export async function recomputeAllMetrics(db: Db, { asOf }: { asOf?: Date } = {}): Promise<void> {
  const at = asOfSql(asOf);
  const started = await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [RANKING_LOCK]);
    // Sorting and hashing a million customers in memory rather than on disk.
    await trx.raw("set local work_mem = '256MB'");
    await trx.raw(`with ${baseCtes(everyone, at)}, ${rankCtes('base', at)} ${upsertSql(true)}`);
    // Rows the upsert did not touch (now() is the transaction's start) belong to customers whose
    // data is gone. Deleting them, not truncating first, keeps segments readable meanwhile.
    await trx('customer_metrics').where('updated_at', '<', trx.fn.now()).delete();
    await storeBoundaries(trx, at);
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
