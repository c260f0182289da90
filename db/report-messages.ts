// Reports over messages: counts by channel and messaging type, the email-opens heatmap in each
// recipient's local time, and delivery failures by reason, provider and recipient domain. They
// read the first-time columns of messages (migration 0190), never the status history; the
// channels report takes whole days from the daily snapshots and counts only the rest live.
import { bounceReasonSql } from '../core/bounce-reasons.ts';
import type { Period } from '../core/report-period.ts';
import type { Knex } from 'knex';
import type { Db } from './connection.ts';

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
 * Person opens of email by weekday and hour in the recipient's own zone. Opens come within days
 * of the send, so messages sent up to 30 days before the period are looked at.
 */
export async function opensHeatmap(db: Db, p: Period) {
  const { rows } = await db.raw<Rows<{ weekday: number; hour: number; opens: number }>>(
    `select extract(isodow from m.opened_at at time zone c.time_zone)::int as weekday,
       extract(hour from m.opened_at at time zone c.time_zone)::int as hour, count(*)::int as opens
     from messages m join customers c on c.id = m.customer_id
     where m.channel = 'email' and m.created_at >= ?::timestamptz - interval '30 days'
       and m.created_at < ? and m.opened_at >= ? and m.opened_at < ?
     group by 1, 2 order by 1, 2`,
    [p.from, p.to, p.from, p.to],
  );
  const machine = await db.raw<Rows<{ n: number }>>(
    `select count(*)::int n from messages m
     where m.channel = 'email' and m.created_at >= ?::timestamptz - interval '30 days'
       and m.created_at < ? and m.machine_opened_at >= ? and m.machine_opened_at < ?`,
    [p.from, p.to, p.from, p.to],
  );
  return { cells: rows, machineOpens: machine.rows[0]!.n };
}

/** Failures by reason, provider and recipient domain, with the providers' own words. */
export async function deliveryReport(db: Db, p: Period, f: MessageFilter) {
  const mf = filterSql(f, 'm');
  const base = `from messages m where m.created_at >= ? and m.created_at < ? and ${mf.sql}`;
  const b = [p.from, p.to, ...mf.bindings];
  const failed = "m.status in ('failed', 'bounced')";
  const answer = 'coalesce(m.provider_response, m.error)';
  const [byReason, byProvider, byDomain, responses] = await Promise.all([
    db.raw<Rows<{ reason: string; failed: number; example: string | null }>>(
      `select ${bounceReasonSql(answer)} reason, count(*)::int failed, min(${answer}) example
       ${base} and ${failed} group by 1 order by 2 desc`,
      b,
    ),
    db.raw<Rows<{ provider: string; sent: number; failed: number }>>(
      `select coalesce(g.provider, 'default') provider,
         count(*) filter (where m.status not in ('skipped', 'sending'))::int sent,
         count(*) filter (where ${failed})::int failed
       from messages m left join gateways g on g.id = m.gateway_id
       where m.created_at >= ? and m.created_at < ? and ${mf.sql} group by 1 order by 2 desc`,
      b,
    ),
    db.raw<Rows<{ domain: string; sent: number; failed: number }>>(
      `select lower(split_part(m.to_address, '@', 2)) domain,
         count(*) filter (where m.status not in ('skipped', 'sending'))::int sent,
         count(*) filter (where ${failed})::int failed
       ${base} and m.channel = 'email' and m.to_address like '%@%'
       group by 1 order by 3 desc, 2 desc limit 20`,
      b,
    ),
    db.raw<Rows<{ response: string; count: number }>>(
      `select ${answer} response, count(*)::int count ${base} and ${failed}
         and ${answer} is not null group by 1 order by 2 desc limit 20`,
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
