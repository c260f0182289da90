// Everything a send reads before it renders, in one statement: the profile, the template revision
// it sends, the channel's contacts, an unsubscribe that applies, whether the messaging type is
// transactional, the channel's default gateway, and what the contact policy counts. Seven reads
// were seven round trips and statements for Postgres to plan on every message; one is cheaper
// for both (issue 18).
import type { Channel } from '../core/channels.ts';
import type { Db } from './connection.ts';
import {
  POLICY_COLUMNS,
  type PolicyColumns,
  type PolicyContext,
  policyContextOf,
} from './contact-policy.ts';
import type { CustomerRow } from './customers.ts';
import type { GatewayRow } from './gateways.ts';
import {
  type Contact,
  contactKind,
  decideReachability,
  type Reachability,
} from './reachability.ts';
import type { TemplateRow } from './templates.ts';

export interface SendContext {
  customer: CustomerRow | undefined;
  template: TemplateRow | undefined;
  reach: Reachability;
  transactional: boolean;
  /** The channel's default gateway; undefined when none is set. */
  gateway: GatewayRow | undefined;
  /** What the contact policy needs to decide (core/contact-policy.ts). */
  policy: PolicyContext;
}

export interface SendContextInput {
  customerId: string;
  /** The message's key: the policy's caps count the customer's other messages. */
  idempotencyKey: string;
  channel: Channel;
  messagingType: string;
  templateId: string;
  /** The revision a campaign version pinned; absent: the template's published revision. */
  templateRevision?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The extras are prefixed so that they can never collide with a column of customers.
const SQL = `
  select c.*,
    (select to_jsonb(x) from (
       select t.id, t.name, t.channel, r.subject, r.body, r.content, r.revision,
              t.created_at, r.published_at as updated_at
       from templates t
       join template_revisions r
         on r.template_id = t.id and r.revision = coalesce(cast(:revision as int), t.published_revision)
       where t.id = cast(:templateId as uuid)) x) as herald_template,
    (select coalesce(jsonb_agg(jsonb_build_object('address', k.address, 'is_valid', k.is_valid)
                               order by k.id desc), '[]'::jsonb)
       from contacts k where k.customer_id = :customerId and k.channel = :contactKind)
      as herald_contacts,
    exists (select 1 from subscriptions s
            where s.customer_id = :customerId and s.channel = :channel and not s.subscribed
              and s.messaging_type in (:messagingType, 'all'))
      as herald_unsubscribed,
    (select to_jsonb(g) from gateways g where g.channel = :channel and g.is_default limit 1)
      as herald_gateway,
    ${POLICY_COLUMNS}
  from (select 1) as one
  left join customers c on c.id = :customerId
  left join contact_policy p on p.id = 1`;

type Row = Partial<CustomerRow> &
  PolicyColumns & {
    herald_template: (Omit<TemplateRow, 'created_at' | 'updated_at'> & Dated) | null;
    herald_contacts: Contact[];
    herald_unsubscribed: boolean;
    herald_gateway: (Omit<GatewayRow, 'created_at' | 'updated_at'> & Dated) | null;
  };
type Dated = { created_at: string; updated_at: string };

const dated = <T extends Dated>(row: T) => ({
  ...row,
  created_at: new Date(row.created_at),
  updated_at: new Date(row.updated_at),
});

export async function readSendContext(db: Db, input: SendContextInput): Promise<SendContext> {
  const { rows } = await db.raw<{ rows: Row[] }>(SQL, {
    customerId: UUID.test(input.customerId) ? input.customerId : null,
    templateId: UUID.test(input.templateId) ? input.templateId : null,
    revision: input.templateRevision ?? null,
    channel: input.channel,
    contactKind: contactKind(input.channel),
    messagingType: input.messagingType,
    idempotencyKey: input.idempotencyKey,
  });
  const {
    herald_template: template,
    herald_contacts: contacts,
    herald_unsubscribed: unsubscribedAtAll,
    herald_gateway: gateway,
    policy,
    control_group_percent,
    in_control,
    transactional,
    account_zone,
    recent,
    ...columns
  } = rows[0]!;
  const customer = columns.id ? (columns as CustomerRow) : undefined;
  return {
    customer,
    template: template ? dated(template) : undefined,
    // A transactional type is sent whatever the customer unsubscribed from.
    reach: decideReachability(input.channel, input.messagingType, {
      customer,
      contacts,
      unsubscribed: unsubscribedAtAll && !transactional,
    }),
    transactional,
    gateway: gateway ? dated(gateway) : undefined,
    policy: policyContextOf({
      policy,
      control_group_percent,
      in_control,
      transactional,
      account_zone,
      recent,
    }),
  };
}
