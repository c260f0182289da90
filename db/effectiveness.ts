// Campaign effectiveness from attributions (db/attribution.ts): per mailing or campaign, and per
// step and A/B variant, the attributed orders, revenue, average check and conversion rate; and a
// mailing's uplift over its control group. The control group is whoever the mailing's recipients
// mark as control (the `control` flag, or left out with reason control_group): they were sent
// nothing, so both groups are compared on the same question, "bought within the window after
// the send".
import { rate, uplift } from '../core/attribution.ts';
import type { Db } from './connection.ts';

export type Subject = { mailingId: string } | { campaignId: string };

export interface EffectivenessRow {
  mailingId: string | null;
  campaignId: string | null;
  nodeId: string | null;
  variant: string | null;
  recipients: number;
  converted: number;
  orders: number;
  revenue: number;
  averageCheck: number | null;
  conversionRate: number;
}

const SENT = "m.status in ('sent', 'delivered')";
const subjectWhere = (s: Subject) =>
  'mailingId' in s
    ? { sql: 'm.mailing_id = ?', id: s.mailingId }
    : { sql: 'm.campaign_id = ?', id: s.campaignId };

/** Per step and variant; the whole mailing or campaign is the sum (see totalOf). */
export async function effectiveness(db: Db, subject: Subject): Promise<EffectivenessRow[]> {
  const where = subjectWhere(subject);
  const { rows } = await db.raw<{ rows: Record<string, string | number | null>[] }>(
    `select m.mailing_id, m.campaign_id, m.node_id, mr.variant,
       count(distinct m.customer_id)::int recipients, count(distinct a.customer_id)::int converted,
       count(a.receipt_id)::int orders, coalesce(sum(a.total), 0)::float revenue
     from messages m
     left join mailing_recipients mr on mr.mailing_id = m.mailing_id and mr.customer_id = m.customer_id
     left join attributions a on a.message_id = m.id
     where ${SENT} and ${where.sql}
     group by 1, 2, 3, 4
     order by 3 nulls first, 4 nulls first`,
    [where.id],
  );
  return rows.map((r) => figures(r));
}

function figures(r: Record<string, string | number | null>): EffectivenessRow {
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    mailingId: (r.mailing_id as string | null) ?? null,
    campaignId: (r.campaign_id as string | null) ?? null,
    nodeId: (r.node_id as string | null) ?? null,
    variant: (r.variant as string | null) ?? null,
    recipients: n('recipients'),
    converted: n('converted'),
    orders: n('orders'),
    revenue: Math.round(n('revenue') * 100) / 100,
    averageCheck: n('orders') === 0 ? null : Math.round((n('revenue') / n('orders')) * 100) / 100,
    conversionRate: rate({ recipients: n('recipients'), converted: n('converted') }),
  };
}

/** The rows summed into one: the mailing's or campaign's own figures. */
export function totalOf(rows: EffectivenessRow[]): EffectivenessRow {
  const sum = (k: 'recipients' | 'converted' | 'orders' | 'revenue') =>
    rows.reduce((s, r) => s + r[k], 0);
  return figures({
    mailing_id: rows[0]?.mailingId ?? null,
    campaign_id: rows[0]?.campaignId ?? null,
    node_id: null,
    variant: null,
    recipients: sum('recipients'),
    converted: sum('converted'),
    orders: sum('orders'),
    revenue: sum('revenue'),
  });
}

export interface GroupConversion {
  recipients: number;
  converted: number;
}

/**
 * A mailing's sent recipients against its control group: who bought within the mailing's window
 * after the send (or, for the control, after the time they were due). Null uplift when the
 * mailing has no control group.
 */
export async function mailingUplift(db: Db, mailingId: string) {
  const { rows } = await db.raw<{
    rows: { control: boolean; recipients: number; converted: number }[];
  }>(
    `with rule as (
       select coalesce((mg.attribution->>'windowHours')::int,
         (mg.attribution->>'windowDays')::int * 24, d.window_hours) window_hours
       from mailings mg join attribution_defaults d on d.channel = mg.channel where mg.id = ?),
     groups as (
       select mr.customer_id, (mr.control or mr.reason is not distinct from 'control_group') control,
         coalesce(m.created_at, mr.send_at) at
       from mailing_recipients mr
       left join messages m on m.mailing_id = mr.mailing_id and m.customer_id = mr.customer_id
         and ${SENT}
       where mr.mailing_id = ? and (mr.control or mr.reason = 'control_group' or m.id is not null))
     select g.control, count(*)::int recipients,
       count(*) filter (where exists (
         select 1 from receipts r where r.customer_id = g.customer_id and r.kind = 'purchase'
           and r.occurred_at > g.at
           and r.occurred_at <= g.at + make_interval(hours => rule.window_hours)))::int converted
     from groups g, rule group by g.control`,
    [mailingId, mailingId],
  );
  const group = (control: boolean): GroupConversion => {
    const r = rows.find((x) => x.control === control);
    return { recipients: r?.recipients ?? 0, converted: r?.converted ?? 0 };
  };
  const treated = group(false);
  const control = group(true);
  return {
    treated: { ...treated, conversionRate: rate(treated) },
    control: { ...control, conversionRate: rate(control) },
    uplift: uplift(treated, control),
  };
}
