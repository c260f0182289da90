// The daily rollups of migration 0240 and how a report reads them: whole days from the rollup,
// the edges of the period (today, days not yet rolled up) from messages. The schedule's run
// (db/report-snapshots.ts takeSnapshots) recounts the last days, since opens, clicks and failures
// keep arriving for days after a send; a first run or a benchmark fills any range.
import type { Period } from '../core/report-period.ts';
import type { Knex } from 'knex';
import type { Db } from './connection.ts';

export type Rollup = 'opens' | 'delivery';

/** The period's days the rollup holds, first to last (filled as whole ranges), or null. */
export interface Cover {
  first: string;
  last: string;
}

export async function coverOf(db: Db, rollup: Rollup, p: Period): Promise<Cover | null> {
  const row = await db('report_rollup_days')
    .where({ rollup })
    .andWhere('day', '>=', p.from)
    .andWhere('day', '<', p.to)
    .first<{ first: string | null; last: string | null }>(
      db.raw(`to_char(min(day), 'YYYY-MM-DD') as first`),
      db.raw(`to_char(max(day), 'YYYY-MM-DD') as last`),
    );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/**
 * The SQL condition on a timestamp column for what the rollup does not hold: the whole period
 * without a cover, else the days before its first and after its last.
 */
export function edges(column: string, p: Period, cover: Cover | null) {
  if (!cover)
    return {
      sql: `(${column} >= ? and ${column} < ?)`,
      bindings: [p.from, p.to] as Knex.RawBinding[],
    };
  return {
    sql: `((${column} >= ? and ${column} < ?::date) or (${column} >= ?::date + 1 and ${column} < ?))`,
    bindings: [p.from, cover.first, cover.last, p.to] as Knex.RawBinding[],
  };
}

/** The rollup's own rows for the covered days. */
export const coveredDays = (cover: Cover | null) =>
  cover
    ? { sql: 'day between ?::date and ?::date', bindings: [cover.first, cover.last] }
    : { sql: 'false', bindings: [] };

const localTime = (at: string) => ({
  weekday: `extract(isodow from ${at} at time zone c.time_zone)::int`,
  hour: `extract(hour from ${at} at time zone c.time_zone)::int`,
});

/** Recounts every day in [since, until) (whole UTC days) of both rollups. */
export async function fillRollups(db: Db, since: Date, until: Date): Promise<void> {
  const range = [since, until];
  const open = localTime('m.opened_at');
  const machine = localTime('m.machine_opened_at');
  await db.transaction(async (trx) => {
    await trx.raw('delete from report_daily_opens where day >= ?::date and day < ?::date', range);
    await trx.raw(
      `insert into report_daily_opens (day, weekday, hour, opens, machine_opens)
       select day, weekday, hour, sum(opens), sum(machine_opens) from (
         select (m.opened_at at time zone 'UTC')::date as day, ${open.weekday} as weekday,
           ${open.hour} as hour, count(*) as opens, 0 as machine_opens
         from messages m join customers c on c.id = m.customer_id
         where m.channel = 'email' and m.opened_at >= ?::date and m.opened_at < ?::date
         group by 1, 2, 3
         union all
         select (m.machine_opened_at at time zone 'UTC')::date, ${machine.weekday}, ${machine.hour}, 0, count(*)
         from messages m join customers c on c.id = m.customer_id
         where m.channel = 'email' and m.machine_opened_at >= ?::date and m.machine_opened_at < ?::date
         group by 1, 2, 3) counted
       group by 1, 2, 3`,
      [...range, ...range],
    );
    await trx.raw(
      'delete from report_daily_delivery where day >= ?::date and day < ?::date',
      range,
    );
    await trx.raw(
      `insert into report_daily_delivery (day, channel, messaging_type, provider, domain, sent, failed)
       select (m.created_at at time zone 'UTC')::date, m.channel, coalesce(m.messaging_type, 'none'),
         coalesce(g.provider, 'default'),
         case when m.channel = 'email' and m.to_address like '%@%'
           then lower(split_part(m.to_address, '@', 2)) else '' end,
         ${SENT}, ${FAILED}
       from messages m left join gateways g on g.id = m.gateway_id
       where m.created_at >= ?::date and m.created_at < ?::date
       group by 1, 2, 3, 4, 5`,
      range,
    );
    await trx.raw(
      'delete from report_daily_failures where day >= ?::date and day < ?::date',
      range,
    );
    await trx.raw(
      `insert into report_daily_failures (day, channel, messaging_type, response, failed)
       select (m.created_at at time zone 'UTC')::date, m.channel, coalesce(m.messaging_type, 'none'),
         coalesce(${ANSWER}, ''), count(*)
       from messages m
       where m.created_at >= ?::date and m.created_at < ?::date and ${FAILED_ROW}
       group by 1, 2, 3, 4`,
      range,
    );
    for (const rollup of ['opens', 'delivery'] satisfies Rollup[])
      await trx.raw(
        `insert into report_rollup_days (rollup, day)
         select ?, d::date from generate_series(?::date, ?::date - 1, interval '1 day') d
         on conflict do nothing`,
        [rollup, ...range],
      );
  });
}

/** What the delivery report counts, shared by the rollup and the live edges. */
export const FAILED_ROW = "m.status in ('failed', 'bounced')";
export const SENT = "count(*) filter (where m.status not in ('skipped', 'sending'))::int";
export const FAILED = `count(*) filter (where ${FAILED_ROW})::int`;
export const ANSWER = 'coalesce(m.provider_response, m.error)';
