// The contact policy's one row (migration 0180): read and saved for the api, read with
// everything the send check needs in one query (policyContext), and turned into SQL for the
// freeze of a mailing's audience (cappedSql).
import {
  type ContactPolicy,
  ContactPolicyRules,
  type FrequencyCap,
} from '../core/contact-policy.ts';
import type { Db } from './connection.ts';

interface PolicyRow {
  policy: unknown;
  control_group_percent: string;
}

const toPolicy = (r: PolicyRow): ContactPolicy => ({
  ...ContactPolicyRules.parse(r.policy),
  controlGroupPercent: Number(r.control_group_percent),
});

export async function getContactPolicy(db: Db): Promise<ContactPolicy> {
  return toPolicy(await db('contact_policy').where({ id: 1 }).first<PolicyRow>());
}

export async function saveContactPolicy(db: Db, p: ContactPolicy): Promise<ContactPolicy> {
  const { controlGroupPercent, ...rules } = p;
  const [row] = await db('contact_policy')
    .where({ id: 1 })
    .update({
      policy: JSON.stringify(rules),
      control_group_percent: controlGroupPercent,
      updated_at: db.fn.now(),
    })
    .returning<PolicyRow[]>('*');
  return toPolicy(row!);
}

export interface PolicyContext {
  policy: ContactPolicy;
  transactional: boolean;
  inControlGroup: boolean;
  accountZone: string | null;
  recent: { channel: string; at: Date }[];
}

/**
 * The columns of everything the send check needs, for a statement that joins the policy row as
 * `p` (named bindings :customerId, :messagingType, :idempotencyKey): whether the type is
 * transactional, whether the customer is in the control group, and (only when there are caps)
 * the customer's marketing messages of the last 32 days other than this one.
 */
export const POLICY_COLUMNS = `
  p.policy, p.control_group_percent,
  herald_control_bucket(:customerId) < p.control_group_percent * 100 as in_control,
  exists (select 1 from messaging_types t where t.key = :messagingType and t.transactional)
    as transactional,
  (select time_zone from account_settings limit 1) as account_zone,
  case when jsonb_array_length(p.policy -> 'caps') = 0 then '[]'::json else (
    select coalesce(json_agg(json_build_array(m.channel, m.created_at)), '[]')
    from messages m
    where m.customer_id = :customerId and m.created_at > now() - interval '32 days'
      and m.idempotency_key <> :idempotencyKey and m.status not in ('failed', 'skipped')
      and not exists (select 1 from messaging_types t
        where t.key = m.messaging_type and t.transactional)
  ) end as recent`;

export type PolicyColumns = PolicyRow & {
  transactional: boolean;
  account_zone: string | null;
  in_control: boolean;
  recent: [string, string][];
};

export const policyContextOf = (r: PolicyColumns): PolicyContext => ({
  policy: toPolicy(r),
  transactional: r.transactional,
  inControlGroup: r.in_control,
  accountZone: r.account_zone,
  recent: r.recent.map(([channel, at]) => ({ channel, at: new Date(at) })),
});

/** Everything the send check needs, in one statement (POLICY_COLUMNS). */
export async function policyContext(
  db: Db,
  customerId: string,
  idempotencyKey: string,
  messagingType: string,
): Promise<PolicyContext> {
  const { rows } = await db.raw<{ rows: PolicyColumns[] }>(
    `select ${POLICY_COLUMNS} from contact_policy p where p.id = 1`,
    { customerId, idempotencyKey, messagingType },
  );
  return policyContextOf(rows[0]!);
}

/**
 * A SQL condition, true when the customer `id` (zone `zone`, both column expressions) has
 * reached one of the caps that apply to `channel`; null when none applies.
 */
export function cappedSql(
  db: Db,
  caps: FrequencyCap[],
  channel: string,
  now: Date,
  id: string,
  zone: string,
) {
  const applying = caps.filter((c) => c.channel === 'any' || c.channel === channel);
  if (applying.length === 0) return null;
  return db.raw(
    applying
      .map(
        (c) =>
          `(select count(*) from messages m where m.customer_id = ${id}
             and m.status not in ('failed', 'skipped') ${c.channel === 'any' ? '' : 'and m.channel = ?'}
             and m.created_at >= (date_trunc('day', ?::timestamptz at time zone ${zone})
               - ? * interval '1 day') at time zone ${zone}
             and not exists (select 1 from messaging_types t
               where t.key = m.messaging_type and t.transactional)) >= ?`,
      )
      .join(' or '),
    applying.flatMap((c) => [
      ...(c.channel === 'any' ? [] : [c.channel]),
      now.toISOString(),
      c.days - 1,
      c.max,
    ]),
  );
}
