// Uplift over a control group: did the people we wrote to buy more than those we held back?
// Both groups answer the same question, "bought within the window after the send" (for the held
// back, after the time they were due), so attribution's last-touch credit plays no part.
//
// - A mailing's control group is its recipients marked `control` (the A/B control share and the
//   global control group; the mailing code sets the flag). Rows written before the flag existed
//   are recognised by their reason. Every variant is compared with the whole control group.
// - A campaign holds back the global control group at each send step: the step records the
//   message as skipped by the rule "control group" (activities/contact-policy-check.ts), so each
//   step is compared with its own held-back customers.
import { rate, uplift } from '../core/attribution.ts';
import type { Db } from './connection.ts';

/** What a report is of: one mailing or one campaign. */
export type Subject = { mailingId: string } | { campaignId: string };

export interface UpliftGroup {
  nodeId: string | null;
  variant: string | null;
  control: boolean;
  recipients: number;
  converted: number;
}

const SENT = "m.status in ('sent', 'delivered')";
/** A variant's letter, as the mailing page names it: 0 is A (mailing_recipients.variant). */
export const VARIANT_NAME = 'chr(65 + mr.variant)';
/** The rule text a campaign send records when the global control group holds it back. */
export const CONTROL_RULE = 'control group';

/** Bought within the window after `at`: an SQL condition on a customer and a time. */
const bought = (customer: string, at: string, hours: string) =>
  `exists (select 1 from receipts r where r.customer_id = ${customer} and r.kind = 'purchase'
     and r.occurred_at > ${at} and r.occurred_at <= ${at} + make_interval(hours => ${hours}))`;

async function mailingGroups(db: Db, mailingId: string): Promise<UpliftGroup[]> {
  const { rows } = await db.raw<{ rows: UpliftGroup[] }>(
    `with rule as (
       select coalesce((mg.attribution->>'windowHours')::int,
         (mg.attribution->>'windowDays')::int * 24, d.window_hours) window_hours
       from mailings mg join attribution_defaults d on d.channel = mg.channel where mg.id = :id),
     marked as (
       select mr.customer_id, ${VARIANT_NAME} variant, mr.send_at, mr.mailing_id,
         (mr.control or coalesce(mr.reason in ('control_group', 'ab_control'), false)) control
       from mailing_recipients mr where mr.mailing_id = :id),
     groups as (
       select k.customer_id, k.variant, k.control, coalesce(m.created_at, k.send_at) at
       from marked k
       left join messages m on m.mailing_id = k.mailing_id and m.customer_id = k.customer_id
         and ${SENT}
       where k.control or m.id is not null)
     select null "nodeId", g.variant, g.control, count(distinct g.customer_id)::int recipients,
       count(distinct g.customer_id) filter (where ${bought('g.customer_id', 'g.at', 'rule.window_hours')})::int converted
     from groups g, rule group by g.variant, g.control`,
    { id: mailingId },
  );
  return rows;
}

async function campaignGroups(db: Db, campaignId: string): Promise<UpliftGroup[]> {
  const { rows } = await db.raw<{ rows: UpliftGroup[] }>(
    `select m.node_id "nodeId", null variant, (m.status = 'skipped') control,
       count(distinct m.customer_id)::int recipients,
       count(distinct m.customer_id) filter (where ${bought('m.customer_id', 'm.created_at', 'd.window_hours')})::int converted
     from messages m join attribution_defaults d on d.channel = m.channel
     where m.campaign_id = :id and (${SENT} or (m.status = 'skipped' and m.error = :rule))
     group by 1, 2, 3`,
    { id: campaignId, rule: CONTROL_RULE },
  );
  return rows;
}

export const upliftGroups = (db: Db, s: Subject) =>
  'mailingId' in s ? mailingGroups(db, s.mailingId) : campaignGroups(db, s.campaignId);

/**
 * One row's treated and control groups and the uplift between them. A null nodeId or variant
 * takes every step or variant; the control group is the step's own (campaigns) or the whole
 * mailing's, whatever the variant.
 */
export function upliftFor(
  groups: UpliftGroup[],
  key: { nodeId: string | null; variant: string | null },
) {
  const sum = (control: boolean) =>
    groups
      .filter((g) => g.control === control)
      .filter((g) => key.nodeId === null || g.nodeId === key.nodeId)
      .filter((g) => control || key.variant === null || g.variant === key.variant)
      .reduce(
        (s, g) => ({
          recipients: s.recipients + g.recipients,
          converted: s.converted + g.converted,
        }),
        {
          recipients: 0,
          converted: 0,
        },
      );
  const treated = sum(false);
  const control = sum(true);
  return {
    treated: { ...treated, conversionRate: rate(treated) },
    control: { ...control, conversionRate: rate(control) },
    uplift: uplift(treated, control),
  };
}
