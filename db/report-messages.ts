// Reports over messages: counts by channel and messaging type, the email-opens heatmap in each
// recipient's local time, and delivery failures by reason, provider and recipient domain. They
// read the first-time columns of messages (migration 0190), never the status history; the
// channels report takes whole days from the daily snapshots and counts only the rest live.
import { bounceReasonSql } from '../core/bounce-reasons.ts';
import type { Period } from '../core/report-period.ts';
import type { Knex } from 'knex';
import type { Db } from './connection.ts';
import { ANSWER, coveredDays, coverOf, edges, FAILED, FAILED_ROW, SENT } from './report-rollups.ts';

type Rows<T> = { rows: T[] };
export interface MessageFilter {
  channel?: string;
  messagingType?: string;
}

/** The counts of a set of messages, as SQL select items; the snapshot table has the same names. */
export const COUNTS = `
  count(*) filter (where m.status not in ('skipped', 'sending'))::int sent,
  count(m.delivered_at)::int delivered,
  count(m.opened_at)::int opened,
  count(*) filter (where m.machine_opened_at is not null and m.opened_at is null)::int machine_opened,
  count(m.clicked_at)::int clicked,
  count(*) filter (where m.status in ('failed', 'bounced'))::int failed,
  count(m.unsubscribed_at)::int unsubscribed`;
const NAMES = [
  'sent',
  'delivered',
  'opened',
  'machine_opened',
  'clicked',
  'failed',
  'unsubscribed',
];

function filterSql(f: MessageFilter, alias = 'm') {
  const parts: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  if (f.channel) {
    parts.push(`${alias}.channel = ?`);
    bindings.push(f.channel);
  }
  if (f.messagingType) {
    parts.push(`coalesce(${alias}.messaging_type, 'none') = ?`);
    bindings.push(f.messagingType);
  }
  return { sql: parts.length ? parts.join(' and ') : 'true', bindings };
}

const camel = (r: Record<string, unknown>) => {
  const { machine_opened, messaging_type, ...rest } = r;
  return {
    ...rest,
    machineOpened: machine_opened as number,
    ...(messaging_type !== undefined && { messagingType: messaging_type as string }),
  };
};

export async function channelsReport(db: Db, p: Period, f: MessageFilter) {
  // Snapshot days in the period (filled whole, oldest to newest): the rest is counted live.
  const snap = (
    await db.raw<Rows<{ first: Date | null; last: Date | null; days: number }>>(
      `select min(day) as first, max(day) as last, count(distinct day)::int as days
       from report_daily_channels where day >= ?::date and day < ?::date`,
      [p.from, p.to],
    )
  ).rows[0]!;
  const live = snap.first
    ? `((m.created_at >= ? and m.created_at < ?::date) or (m.created_at >= ?::date + 1 and m.created_at < ?))`
    : 'm.created_at >= ? and m.created_at < ?';
  const liveBindings = snap.first ? [p.from, snap.first, snap.last, p.to] : [p.from, p.to];
  const mf = filterSql(f, 'm');
  const sf = filterSql(f, 's');
  const sums = NAMES.map((n) => `sum(${n})::int ${n}`).join(', ');
  const { rows } = await db.raw<Rows<Record<string, unknown>>>(
    `with counted as (
       select to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, m.channel,
         coalesce(m.messaging_type, 'none') messaging_type, ${COUNTS}
       from messages m where ${live} and ${mf.sql} group by 1, 2, 3
       union all
       select to_char(s.day, 'YYYY-MM-DD'), s.channel, s.messaging_type, ${NAMES.map((n) => `s.${n}`).join(', ')}
       from report_daily_channels s where s.day >= ?::date and s.day < ?::date and ${sf.sql})
     select day, channel, messaging_type, ${sums} from counted group by 1, 2, 3`,
    [...liveBindings, ...mf.bindings, p.from, p.to, ...sf.bindings],
  );
  const add = (into: Record<string, number>, r: Record<string, unknown>) => {
    for (const n of NAMES) into[n] = (into[n] ?? 0) + Number(r[n]);
  };
  const byChannel = new Map<string, Record<string, number>>();
  const byDay = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const key = `${r.channel as string}\u0000${r.messaging_type as string}`;
    add(byChannel.get(key) ?? byChannel.set(key, {}).get(key)!, r);
    add(byDay.get(r.day as string) ?? byDay.set(r.day as string, {}).get(r.day as string)!, r);
  }
  return {
    rows: [...byChannel.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, counts]) => {
        const [channel, messagingType] = key.split('\u0000');
        return { channel: channel!, ...camel({ ...counts, messaging_type: messagingType }) };
      }),
    daily: [...byDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, counts]) => ({ day, ...camel(counts) })),
    fromSnapshots: snap.days,
  };
}

/**
 * Person opens of email by weekday and hour in the recipient's own zone, over the opens that came
 * in the period: whole days from the daily rollup, the edges from messages by the open's time.
 */
export async function opensHeatmap(db: Db, p: Period) {
  const cover = await coverOf(db, 'opens', p);
  const days = coveredDays(cover);
  const live = (column: string) => edges(column, p, cover);
  const opened = live('m.opened_at');
  const machine = live('m.machine_opened_at');
  const { rows } = await db.raw<Rows<{ weekday: number; hour: number; opens: number }>>(
    `select weekday, hour, sum(opens)::int as opens from (
       select extract(isodow from m.opened_at at time zone c.time_zone)::int as weekday,
         extract(hour from m.opened_at at time zone c.time_zone)::int as hour, count(*) as opens
       from messages m join customers c on c.id = m.customer_id
       where m.channel = 'email' and ${opened.sql} group by 1, 2
       union all
       select weekday, hour, sum(opens) from report_daily_opens where ${days.sql} group by 1, 2) o
     group by 1, 2 having sum(opens) > 0 order by 1, 2`,
    [...opened.bindings, ...days.bindings],
  );
  const counted = await db.raw<Rows<{ n: number }>>(
    `select ((select count(*) from messages m where m.channel = 'email' and ${machine.sql})
       + (select coalesce(sum(machine_opens), 0) from report_daily_opens where ${days.sql}))::int n`,
    [...machine.bindings, ...days.bindings],
  );
  return { cells: rows, machineOpens: counted.rows[0]!.n };
}

/**
 * Failures by reason, provider and recipient domain, with the providers' own words: whole days
 * from the daily rollups, the edges from messages.
 */
export async function deliveryReport(db: Db, p: Period, f: MessageFilter) {
  const cover = await coverOf(db, 'delivery', p);
  const days = coveredDays(cover);
  const live = edges('m.created_at', p, cover);
  const mf = filterSql(f, 'm');
  const rf = filterSql(f, 'r');
  // Rows as the rollups hold them, from both sources.
  const delivery = `select provider, domain, sum(sent) sent, sum(failed) failed from (
      select coalesce(g.provider, 'default') provider,
        case when m.channel = 'email' and m.to_address like '%@%'
          then lower(split_part(m.to_address, '@', 2)) else '' end domain, ${SENT} sent, ${FAILED} failed
      from messages m left join gateways g on g.id = m.gateway_id
      where ${live.sql} and ${mf.sql} group by 1, 2
      union all
      select r.provider, r.domain, sum(r.sent), sum(r.failed) from report_daily_delivery r
      where ${days.sql} and ${rf.sql} group by 1, 2) d group by 1, 2`;
  const failures = `select nullif(response, '') response, sum(failed)::int failed from (
      select coalesce(${ANSWER}, '') response, count(*) failed from messages m
      where ${live.sql} and ${mf.sql} and ${FAILED_ROW} group by 1
      union all
      select r.response, sum(r.failed) from report_daily_failures r
      where ${days.sql} and ${rf.sql} group by 1) f group by 1`;
  const b = [...live.bindings, ...mf.bindings, ...days.bindings, ...rf.bindings];
  const [byReason, byProvider, byDomain, responses] = await Promise.all([
    db.raw<Rows<{ reason: string; failed: number; example: string | null }>>(
      `select ${bounceReasonSql('response')} reason, sum(failed)::int failed, min(response) example
       from (${failures}) f group by 1 order by 2 desc`,
      b,
    ),
    db.raw<Rows<{ provider: string; sent: number; failed: number }>>(
      `select provider, sum(sent)::int sent, sum(failed)::int failed from (${delivery}) d
       group by 1 order by 2 desc`,
      b,
    ),
    db.raw<Rows<{ domain: string; sent: number; failed: number }>>(
      `select domain, sum(sent)::int sent, sum(failed)::int failed from (${delivery}) d
       where domain <> '' group by 1 order by 3 desc, 2 desc limit 20`,
      b,
    ),
    db.raw<Rows<{ response: string; count: number }>>(
      `select response, failed count from (${failures}) f where response is not null
       order by 2 desc, 1 limit 20`,
      b,
    ),
  ]);
  return {
    byReason: byReason.rows,
    byProvider: byProvider.rows,
    byDomain: byDomain.rows,
    responses: responses.rows,
  };
}
