// One mailing's or campaign's report: the funnel sent → delivered → opened → clicked →
// converted, the daily trend with attributed revenue, its steps and A/B variants side by side
// (each variant against the first by a two-proportion z-test on conversion), and the uplift of
// each, and of the whole, over the control group.
import { resolveRules, twoProportionZTest, type StoredRules } from '../core/attribution.ts';
import type { MailingReport } from '../core/contract/analytics.ts';
import type { Db } from './connection.ts';
import { effectiveness, type Subject, totalOf } from './effectiveness.ts';
import { upliftFor, upliftGroups } from './uplift.ts';
import { recomputingSince } from './attribution-recomputes.ts';

type Rows<T> = { rows: T[] };

export async function mailingReport(db: Db, subject: Subject): Promise<MailingReport> {
  const isMailing = 'mailingId' in subject;
  const where = isMailing ? 'm.mailing_id = ?' : 'm.campaign_id = ?';
  const id = isMailing ? subject.mailingId : subject.campaignId;
  // Read before the figures: a recompute clears its mark after it commits, so with no mark the
  // figures read next include it; read after, a recompute between would leave old figures unmarked.
  const recomputing = isMailing ? await recomputingSince(db, subject.mailingId) : null;
  const groups = await upliftGroups(db, subject);
  // The funnel is the daily rows summed: the mailing's messages are read twice (here and in
  // effectiveness), not three times; skipped or unsent messages are never delivered or opened.
  const [converted, daily, steps] = await Promise.all([
    db.raw<Rows<{ converted: number }>>(
      `select count(distinct a.customer_id)::int converted from attributions a
       where a.${isMailing ? 'mailing_id' : 'campaign_id'} = ?`,
      [id],
    ),
    db.raw<
      Rows<{
        day: string;
        sent: number;
        delivered: number;
        opened: number;
        machine_opened: number;
        clicked: number;
        orders: number;
        revenue: number;
      }>
    >(
      `with sends as (
         select to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int sent,
           count(m.delivered_at)::int delivered, count(m.opened_at)::int opened,
           count(*) filter (where m.machine_opened_at is not null and m.opened_at is null)::int machine_opened,
           count(m.clicked_at)::int clicked
         from messages m where ${where} and m.status not in ('skipped', 'sending') group by 1),
       orders as (
         select to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int orders,
           sum(a.total)::float revenue
         from attributions a where a.${isMailing ? 'mailing_id' : 'campaign_id'} = ? group by 1)
       select coalesce(s.day, o.day) as day, coalesce(s.sent, 0) sent,
         coalesce(s.delivered, 0) delivered, coalesce(s.opened, 0) opened,
         coalesce(s.machine_opened, 0) machine_opened, coalesce(s.clicked, 0) clicked,
         coalesce(o.orders, 0) orders, coalesce(o.revenue, 0) revenue
       from sends s full join orders o on o.day = s.day order by 1`,
      [id, id],
    ),
    effectiveness(db, subject, groups),
  ]);
  const sum = (k: 'sent' | 'delivered' | 'opened' | 'machine_opened' | 'clicked') =>
    daily.rows.reduce((n, r) => n + r[k], 0);
  const variantRows = steps.filter((s) => s.variant !== null);
  const first = variantRows[0];
  const variants = variantRows.map((v) => ({
    ...v,
    significance: v === first || !first ? null : twoProportionZTest(v, first),
  }));
  return {
    funnel: {
      sent: sum('sent'),
      delivered: sum('delivered'),
      opened: sum('opened'),
      machineOpened: sum('machine_opened'),
      clicked: sum('clicked'),
      converted: converted.rows[0]!.converted,
    },
    daily: daily.rows.map((r) => ({
      day: r.day,
      sent: r.sent,
      opened: r.opened,
      clicked: r.clicked,
      orders: r.orders,
      revenue: Math.round(r.revenue * 100) / 100,
    })),
    total: totalOf(steps, groups),
    steps,
    variants,
    control: controlOf(groups),
    rules: isMailing ? await rulesOf(db, subject.mailingId) : null,
    recomputingSince: recomputing,
  };
}

/** The whole mailing or campaign against its control group, or null without one. */
function controlOf(groups: Parameters<typeof upliftFor>[0]) {
  const result = upliftFor(groups, { nodeId: null, variant: null });
  return result.control.recipients === 0 ? null : result;
}

/** A mailing's effective attribution rules: its own, or its channel's default. */
export async function rulesOf(db: Db, mailingId: string) {
  const row = await db('mailings as mg')
    .join('attribution_defaults as d', 'd.channel', 'mg.channel')
    .where('mg.id', mailingId)
    .first<
      | { attribution: StoredRules; touch: 'received' | 'opened' | 'clicked'; window_hours: number }
      | undefined
    >('mg.attribution', 'd.touch', 'd.window_hours');
  return row
    ? resolveRules(row.attribution, { touch: row.touch, windowHours: row.window_hours })
    : null;
}
