// Campaign effectiveness from attributions (db/attribution.ts): per mailing or campaign, and per
// step and A/B variant, the messages sent, delivered, opened and clicked, the attributed orders,
// revenue, average check and conversion rate, and the uplift over the control group (db/uplift.ts).
import { rate } from '../core/attribution.ts';
import type { Db } from './connection.ts';
import { type Subject, type UpliftGroup, upliftFor, upliftGroups } from './uplift.ts';

export type { Subject };

export interface EffectivenessRow {
  mailingId: string | null;
  campaignId: string | null;
  nodeId: string | null;
  variant: string | null;
  /** Messages handed over, delivered, opened by a person, clicked. */
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  recipients: number;
  converted: number;
  orders: number;
  revenue: number;
  averageCheck: number | null;
  conversionRate: number;
  /** Against the control group (db/uplift.ts); null when there is none. */
  uplift: Uplift;
}
type Uplift = ReturnType<typeof upliftFor>['uplift'];

const SENT = "m.status in ('sent', 'delivered')";
const HANDED_OVER = "m.status not in ('skipped', 'sending')";
const subjectWhere = (s: Subject) =>
  'mailingId' in s
    ? { sql: 'm.mailing_id = ?', id: s.mailingId }
    : { sql: 'm.campaign_id = ?', id: s.campaignId };

/**
 * Per step and variant, with each one's uplift over its control group; the whole mailing or
 * campaign is the sum (see totalOf).
 */
export async function effectiveness(
  db: Db,
  subject: Subject,
  groups: UpliftGroup[],
): Promise<EffectivenessRow[]> {
  const where = subjectWhere(subject);
  // Attributions summed per message first, so each message is one row; then summed per customer
  // (hashed), so the distinct counts need no sort: sorting 137,000 rows by step, variant and
  // customer took longer than reading them from the index (docs/analytics.md).
  const { rows } = await db.raw<{ rows: Record<string, string | number | null>[] }>(
    `select mailing_id, campaign_id, node_id, chr(65 + variant) variant, -- as VARIANT_NAME (uplift.ts)
       sum(sent)::int sent,
       sum(delivered)::int delivered, sum(opened)::int opened, sum(clicked)::int clicked,
       -- A deleted customer's messages (customer_id null) are no recipient, as count(distinct) had it.
       count(customer_id) filter (where was_sent)::int recipients,
       count(customer_id) filter (where bought)::int converted,
       coalesce(sum(orders), 0)::int orders, coalesce(sum(revenue), 0)::float revenue
     from (
       select m.mailing_id, m.campaign_id, m.node_id, mr.variant, m.customer_id, count(*) sent,
         count(m.delivered_at) delivered, count(m.opened_at) opened, count(m.clicked_at) clicked,
         bool_or(${SENT}) was_sent,
         -- A message's attributions are its own customer's purchases.
         bool_or(a.message_id is not null) bought, sum(a.orders) orders, sum(a.revenue) revenue
       from messages m
       left join mailing_recipients mr
         on mr.mailing_id = m.mailing_id and mr.customer_id = m.customer_id
       left join (select a.message_id, count(a.receipt_id) orders, sum(a.total) revenue
                  from attributions a where a.${'mailingId' in subject ? 'mailing_id' : 'campaign_id'} = ?
                  group by 1) a on a.message_id = m.id
       where ${HANDED_OVER} and ${where.sql}
       group by 1, 2, 3, 4, 5) per_customer
     group by 1, 2, 3, 4
     order by 3 nulls first, 4 nulls first`,
    [where.id, where.id],
  );
  return rows.map((r) =>
    figures(
      r,
      upliftFor(groups, { nodeId: r.node_id as string | null, variant: r.variant as string | null })
        .uplift,
    ),
  );
}

function figures(r: Record<string, string | number | null>, lift: Uplift): EffectivenessRow {
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    mailingId: (r.mailing_id as string | null) ?? null,
    campaignId: (r.campaign_id as string | null) ?? null,
    nodeId: (r.node_id as string | null) ?? null,
    variant: (r.variant as string | null) ?? null,
    sent: n('sent'),
    delivered: n('delivered'),
    opened: n('opened'),
    clicked: n('clicked'),
    recipients: n('recipients'),
    converted: n('converted'),
    orders: n('orders'),
    revenue: Math.round(n('revenue') * 100) / 100,
    averageCheck: n('orders') === 0 ? null : Math.round((n('revenue') / n('orders')) * 100) / 100,
    conversionRate: rate({ recipients: n('recipients'), converted: n('converted') }),
    uplift: lift,
  };
}

/** The rows summed into one: the mailing's or campaign's own figures. */
export function totalOf(rows: EffectivenessRow[], groups: UpliftGroup[]): EffectivenessRow {
  const sum = (k: (typeof SUMMED)[number]) => rows.reduce((s, r) => s + r[k], 0);
  return figures(
    {
      mailing_id: rows[0]?.mailingId ?? null,
      campaign_id: rows[0]?.campaignId ?? null,
      node_id: null,
      variant: null,
      ...Object.fromEntries(SUMMED.map((k) => [k, sum(k)])),
    },
    upliftFor(groups, { nodeId: null, variant: null }).uplift,
  );
}
const SUMMED = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'recipients',
  'converted',
  'orders',
  'revenue',
] as const;

/** A mailing's sent recipients against its control group (db/uplift.ts). */
export async function mailingUplift(db: Db, mailingId: string) {
  return upliftFor(await upliftGroups(db, { mailingId }), { nodeId: null, variant: null });
}
