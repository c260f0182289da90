// RFM ranking (docs/metrics.md). A ranking scores every customer who ordered inside the analysis
// window in true quintiles (db/metrics-sql.ts rankCtes) and stores each score's boundaries: a
// customer refreshed between two rankings is scored against them, which is cheap but cannot
// demote anyone else, so each such score moves the quintiles a little off. Every customer
// scored that way draws a number from the rfm_drift sequence (no row is locked, so concurrent
// receipts never queue on it); once the numbers drawn since the last ranking pass DRIFT_SHARE of
// the customers ranked, the next refresh ranks everyone again. Bulk loads rank at their end and
// the herald:rfm-ranking schedule ranks whenever anything drifted.
import type { Knex } from 'knex';
import { RFM_KEY, rfmSegmentSql } from '../core/rfm.ts';
import type { Db } from './connection.ts';
import { asOfSql, daysSql, everyone, flaggedCtes, rankCtes, RFM_VALUES } from './metrics-sql.ts';

export type Conn = Db | Knex.Transaction;

/** Advisory lock key of "rank everyone" (any constant unique among Herald's advisory locks). */
export const RANKING_LOCK = 0x5246_4d00; // "RFM"

/** Below this many ranked customers, every refresh ranks everyone again: it is cheap, and
 * quintiles of a handful of customers move with each new one. */
const RERANK_BELOW = 1000;
/** The share of ranked customers that may be scored against stale boundaries. */
export const DRIFT_SHARE = 0.01;

const drawn = `(select case when is_called then last_value else 0 end from rfm_drift)`;
const segment = rfmSegmentSql('s.r', 's.f', 's.lapsed');

/**
 * Stores what customers are scored against until the next ranking: each score's boundary (the
 * rank key of its worst holder, RFM_KEY), the number ranked, the scoring date and the drift mark.
 */
export async function storeBoundaries(db: Conn, asOf: string): Promise<void> {
  const keyed = `select r_score, f_score, m_score, ${RFM_KEY.r} as r, ${RFM_KEY.f} as f,
         ${RFM_KEY.m} as m
  from (select r_score, f_score, m_score, rfm_frequency as f, rfm_monetary as m,
               ${daysSql(asOf, 'last_purchase_at')} as days
        from customer_metrics where rfm_frequency > 0) x`;
  await db.raw('delete from rfm_boundaries');
  await db.raw(`
with keyed as (${keyed})
insert into rfm_boundaries (score, value, rank_key)
select 'r', r_score, min(r) from keyed where r_score >= 2 group by r_score
union all select 'f', f_score, min(f) from keyed where f_score >= 2 group by f_score
union all select 'm', m_score, min(m) from keyed where m_score >= 2 group by m_score`);
  // breakpoints: each score's own value at its boundary, for people reading the table.
  await db.raw(`
insert into rfm_thresholds (score, breakpoints, population, computed_at, as_of, drift_mark)
select k, coalesce((select array_agg(b.rank_key[1] order by b.value) from rfm_boundaries b
                    where b.score = k), '{}'),
       (select count(*) from customer_metrics where rfm_frequency > 0), now(), ${asOf}, ${drawn}
from (values ('r'), ('f'), ('m')) as keys(k)
on conflict (score) do update set breakpoints = excluded.breakpoints,
  population = excluded.population, computed_at = excluded.computed_at, as_of = excluded.as_of,
  drift_mark = excluded.drift_mark`);
}

/**
 * Ranks everyone again from their receipts (the window moves with the scoring date), rewriting
 * only the rows whose windowed values or scores changed, then stores the boundaries. The
 * caller holds RANKING_LOCK.
 */
export async function rankEveryone(db: Conn, asOf?: Date): Promise<void> {
  const at = asOfSql(asOf);
  await db.raw(`
with ${flaggedCtes(everyone, at)}, rfm_values as (
  select customer_id, ${RFM_VALUES} from flagged group by customer_id
), rank_source as (
  select m.customer_id, m.receipts_count, m.last_purchase_at,
         coalesce(v.rfm_frequency, 0) as rfm_frequency, coalesce(v.rfm_monetary, 0) as rfm_monetary
  from customer_metrics m left join rfm_values v using (customer_id)
), ${rankCtes('rank_source', at)}
update customer_metrics c
set rfm_frequency = x.rfm_frequency, rfm_monetary = x.rfm_monetary,
    r_score = s.r, f_score = s.f, m_score = s.m, rfm_segment = ${segment}
from rank_source x left join scored s using (customer_id)
where c.customer_id = x.customer_id
  and (c.rfm_frequency, c.rfm_monetary, c.r_score, c.f_score, c.m_score, c.rfm_segment)
      is distinct from (x.rfm_frequency, x.rfm_monetary, s.r, s.f, s.m, ${segment})`);
  await storeBoundaries(db, at);
}

/** Ranks everyone in a transaction of its own: after a bulk load, on the schedule. */
export async function rankRfm(db: Db, { asOf }: { asOf?: Date } = {}): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [RANKING_LOCK]);
    // Sorting a million customers three ways in memory rather than on disk.
    await trx.raw("set local work_mem = '256MB'");
    await rankEveryone(trx, asOf);
  });
}

/** How many customers were scored against boundaries since the last ranking. */
export async function driftSinceRanking(db: Conn): Promise<number> {
  const { rows } = await db.raw<{ rows: { drift: string | null }[] }>(
    `select ${drawn} - (select drift_mark from rfm_thresholds where score = 'r') as drift`,
  );
  return Number(rows[0]?.drift ?? 0);
}

/** Ranks everyone when anyone was scored against boundaries since the last ranking. */
export async function settleRanking(db: Db): Promise<boolean> {
  if ((await driftSinceRanking(db)) <= 0) return false;
  await rankRfm(db);
  return true;
}

/**
 * What a refresh of `count` customers does about ranking, decided before it locks any row:
 * rank everyone (small populations, or the drift bound reached) or score against boundaries.
 * It takes RANKING_LOCK first when it ranks, so rankers queue before they hold rows, never
 * while; past the drift bound it only tries the lock, and scores when a ranking is under way.
 */
export async function planRanking(
  trx: Knex.Transaction,
  count: number,
  deferRanking: boolean,
): Promise<'rank' | 'score'> {
  const t = await trx('rfm_thresholds')
    .where({ score: 'r' })
    .first<{ population: number } | undefined>('population');
  if (!t || t.population < RERANK_BELOW) {
    await trx.raw('select pg_advisory_xact_lock(?)', [RANKING_LOCK]);
    return 'rank';
  }
  if (deferRanking) return 'score';
  const drift = (await driftSinceRanking(trx)) + count;
  if (drift <= t.population * DRIFT_SHARE) return 'score';
  const { rows } = await trx.raw<{ rows: { locked: boolean }[] }>(
    'select pg_try_advisory_xact_lock(?) as locked',
    [RANKING_LOCK],
  );
  return rows[0]!.locked ? 'rank' : 'score';
}

/**
 * Scores the given customers against the stored boundaries (the highest score whose boundary
 * their rank key reaches, recency counted to the last ranking's scoring date), or as lapsed, and
 * counts them as drift.
 */
export async function scoreAgainstBoundaries(db: Conn, ids: string[]): Promise<void> {
  const scored = (k: 'r' | 'f' | 'm') =>
    `case when f > 0 then (select coalesce(max(b.value), 1) from rfm_boundaries b
                           where b.score = '${k}' and b.rank_key <= ${RFM_KEY[k]})
          when receipts_count > 0 then 1 end`;
  await db.raw(
    `
update customer_metrics c
set r_score = s.r, f_score = s.f, m_score = s.m, rfm_segment = ${segment}
from (
  select customer_id, f = 0 and receipts_count > 0 as lapsed,
         ${scored('r')} as r, ${scored('f')} as f, ${scored('m')} as m
  from (select customer_id, receipts_count, rfm_frequency as f, rfm_monetary as m,
               ${daysSql('t.as_of', 'last_purchase_at')} as days
        from customer_metrics, rfm_thresholds t
        where t.score = 'r' and customer_id = any(?::uuid[])) x
) s
where c.customer_id = s.customer_id`,
    [ids],
  );
  await db.raw(`select count(nextval('rfm_drift')) from generate_series(1, ?)`, [ids.length]);
}
