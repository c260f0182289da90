// What a compiled segment is used for: a preview (count, metrics, a sample), a page of members,
// and the recalculation that writes membership and its changes in one statement, so the
// segment entry and exit triggers (db/segment-changes.ts) fire for exactly the difference.
import type { Knex } from 'knex';
import type { SegmentMetrics, SegmentPreview, SegmentRefresh } from '../core/contract/segments.ts';
import type { SegmentRules } from '../core/segment-rules.ts';
import type { Db } from './connection.ts';
import { compileOptionsFor, getSegment } from './segments.ts';
import { type CompileOptions, SEGMENT_FROM, segmentPredicate } from './segment-sql.ts';

type Conn = Db | Knex.Transaction;
const bindings = (v: unknown[]) => v as Knex.RawBinding[];

interface MetricsRow {
  profiles: number;
  base: number;
  total_spent: string | null;
  average_check: string | null;
  ltv: string | null;
}

const METRICS = `count(*)::int as profiles,
  (select count(*) from customers)::int as base,
  coalesce(sum(m.total_spent), 0) as total_spent,
  sum(m.total_spent) / nullif(sum(m.receipts_count), 0) as average_check,
  avg(m.cltv) as ltv`;

const toMetrics = (r: MetricsRow): SegmentMetrics => ({
  profiles: r.profiles,
  base: r.base,
  share: r.base ? r.profiles / r.base : 0,
  totalSpent: Number(r.total_spent ?? 0),
  averageCheck: r.average_check === null ? null : Math.round(Number(r.average_check) * 100) / 100,
  ltv: r.ltv === null ? null : Math.round(Number(r.ltv) * 100) / 100,
});

const SAMPLE = `c.id, c.external_id as "externalId", c.email, c.phone,
  c.first_name as "firstName", c.last_name as "lastName"`;

/** How many customers the rules match. */
export async function countSegment(db: Conn, rules: SegmentRules, options: CompileOptions) {
  const where = segmentPredicate(rules, options);
  const { rows } = await db.raw<{ rows: { n: number }[] }>(
    `select count(*)::int as n from ${SEGMENT_FROM} where ${where.text}`,
    bindings(where.values),
  );
  return rows[0]!.n;
}

/** Count, metrics and a sample of the matching customers, and how long that took. */
export async function previewSegment(
  db: Conn,
  rules: SegmentRules,
  options: CompileOptions,
  sampleSize: number,
): Promise<SegmentPreview> {
  const started = performance.now();
  const where = segmentPredicate(rules, options);
  const [metrics, sample] = await Promise.all([
    db.raw<{ rows: MetricsRow[] }>(
      `select ${METRICS} from ${SEGMENT_FROM} where ${where.text}`,
      bindings(where.values),
    ),
    db.raw<{ rows: SegmentPreview['sample'] }>(
      `select ${SAMPLE} from ${SEGMENT_FROM} where ${where.text} order by c.id limit ?`,
      bindings([...where.values, sampleSize]),
    ),
  ]);
  return {
    metrics: toMetrics(metrics.rows[0]!),
    sample: sample.rows,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** A page of a saved segment's members as of its last recalculation, by customer ID. */
export async function segmentMembers(db: Conn, segmentId: string, limit: number, after?: string) {
  return memberPage(db, 'segment', segmentId, limit, after);
}

/** A page of a segment's members (as last recalculated) or an audience's, in customer ID order. */
export async function memberPage(
  db: Conn,
  of: 'segment' | 'audience',
  id: string,
  limit: number,
  after?: string,
) {
  const [table, key] =
    of === 'segment'
      ? ['segment_memberships', 's.segment_id']
      : ['audience_members', 's.audience_id'];
  const q = db(`${table} as s`)
    .join('customers as c', 'c.id', 's.customer_id')
    .where(key, id)
    .orderBy('c.id')
    .limit(limit)
    .select(db.raw(SAMPLE));
  if (after) void q.where('c.id', '>', after);
  return q as Promise<SegmentPreview['sample']>;
}

/**
 * Recalculates a saved segment: members who now match enter, members who no longer do leave,
 * each change recorded for the triggers; then its metrics and a size point are stored. A
 * segment-wide advisory lock keeps two recalculations of one segment from interleaving. A
 * draft (a segment with problems) is left as it is.
 */
export async function refreshSegment(
  db: Db,
  segmentId: string,
): Promise<SegmentRefresh | undefined> {
  const started = performance.now();
  const segment = await getSegment(db, segmentId);
  if (!segment || segment.problems.length > 0) return undefined;
  const options = await compileOptionsFor(db, segment.rules, { selfId: segmentId });
  const where = segmentPredicate(segment.rules, options);
  return db.transaction(async (trx) => {
    await trx.raw("select set_config('work_mem', '64MB', true)");
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`segment:${segmentId}`]);
    // The matching customers first, in a statement of their own: a query that writes cannot run
    // in parallel, and the rules are the expensive part.
    await trx.raw(
      `create temporary table segment_target on commit drop as
       select c.id from ${SEGMENT_FROM} where ${where.text}`,
      bindings(where.values),
    );
    await trx.raw('create unique index on segment_target (id)');
    await trx.raw('analyze segment_target');
    const { rows } = await trx.raw<{ rows: { entered: number; exited: number }[] }>(
      `with target as (select id from segment_target),
      entered as (
        insert into segment_memberships (segment_id, customer_id)
        select ?, t.id from target t where not exists (
          select 1 from segment_memberships sm where sm.segment_id = ? and sm.customer_id = t.id)
        on conflict (segment_id, customer_id) do nothing
        returning customer_id),
      exited as (
        delete from segment_memberships sm where sm.segment_id = ?
          and not exists (select 1 from target t where t.id = sm.customer_id)
        returning customer_id),
      changes as (
        insert into segment_membership_changes (segment_id, customer_id, change)
        select ?, customer_id, 'entered' from entered
        union all select ?, customer_id, 'exited' from exited
        returning change)
      select count(*) filter (where change = 'entered')::int as entered,
             count(*) filter (where change = 'exited')::int as exited from changes`,
      [segmentId, segmentId, segmentId, segmentId, segmentId],
    );
    const { entered, exited } = rows[0]!;
    // The members are now the target: their metrics are read from it, which spares a join of
    // the memberships (every segment's, by segment) with the customers.
    const metrics = await trx.raw<{ rows: MetricsRow[] }>(
      `select ${METRICS} from segment_target t left join customer_metrics m on m.customer_id = t.id`,
    );
    const r = metrics.rows[0]!;
    const elapsedMs = Math.round(performance.now() - started);
    await trx('segments')
      .where({ id: segmentId })
      .update({
        profiles: r.profiles,
        base: r.base,
        total_spent: r.total_spent ?? 0,
        average_check: r.average_check,
        ltv: r.ltv,
        refresh_ms: elapsedMs,
        refreshed_at: trx.fn.now(),
      });
    await trx('segment_sizes')
      .insert({ segment_id: segmentId, profiles: r.profiles, entered, exited })
      .onConflict(['segment_id', 'at'])
      .ignore();
    return { entered, exited, profiles: r.profiles, elapsedMs };
  });
}

export async function segmentSizes(db: Db, segmentId: string, limit = 500) {
  const rows = await db('segment_sizes')
    .where({ segment_id: segmentId })
    .orderBy('at', 'desc')
    .limit(limit)
    .select<{ at: Date; profiles: number; entered: number; exited: number }[]>('*');
  return rows.reverse().map((r) => ({ ...r, at: r.at.toISOString() }));
}
