// A mailing's audience frozen at its start (DESIGN decision 5): one statement copies the
// included segments' and audiences' members, less the excluded ones, into mailing_recipients,
// one row per customer, each with its address, its zone, when it is due, and why it is left
// out if it is. Sending then walks the pending rows in batches; a message's idempotency key
// (mailing and customer) makes a replayed batch find what the first attempt did.
import type { Channel } from '../core/channels.ts';
import type { ContactPolicy } from '../core/contact-policy.ts';
import { cappedSql } from './contact-policy.ts';
import { inControlGroupSql } from './control-group.ts';
import { splitAbTest } from './mailing-ab.ts';
import type { MailingExclusions } from '../core/contract/mailings.ts';
import type { Db } from './connection.ts';
import type { MailingRow } from './mailings.ts';

/** The address a channel reaches, as db/reachability.ts reads it: the profile's, else a valid contact. */
function addressSql(channel: Channel): string {
  const contact = (kind: string) =>
    `(select k.address from contacts k where k.customer_id = c.id and k.channel = '${kind}'
      and k.is_valid order by k.id desc limit 1)`;
  switch (channel) {
    case 'email':
      return `coalesce(c.email, ${contact('email')})`;
    case 'sms':
    case 'viber':
      return `coalesce(c.phone, ${contact('sms')})`;
    case 'push':
    case 'webhook':
      return contact(channel);
  }
}
const contactKind = (channel: Channel) => (channel === 'viber' ? 'sms' : channel);

/** Freezes the audience once; a second call (a retried activity) finds it frozen and counts it. */
export async function freezeRecipients(
  db: Db,
  m: MailingRow,
  accountTimeZone: string,
  now: Date,
  policy: Pick<ContactPolicy, 'caps' | 'priorities'>,
): Promise<MailingExclusions> {
  const { include, exclude } = m.audience;
  const d = m.delivery;
  // Due: now, at one instant, or at the local time in each recipient's zone (the account's
  // when theirs is not a zone Postgres knows).
  const sendAt =
    d.mode === 'localTime' ? `(:localTime::timestamp at time zone j.zone)` : `:at::timestamptz`;
  const transactional = await isTransactionalType(db, m.messaging_type);
  // The contact policy's caps, unless the type is transactional or of high priority.
  const capped =
    transactional || policy.priorities[m.messaging_type] === 'high'
      ? null
      : cappedSql(db, policy.caps, m.channel, now, 'c.id', 'c.zone');
  await db.transaction(async (trx) => {
    // One freeze per mailing even when two attempts race: the second waits, then finds rows.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`mailing:${m.id}`]);
    const frozen = await trx('mailing_recipients')
      .where({ mailing_id: m.id })
      .first<{ customer_id: string } | undefined>('customer_id');
    if (frozen) return;
    await trx.raw(
      `with included as (
         select customer_id from segment_memberships where segment_id = any(:incSegments::text[])
         union
         select customer_id from audience_members where audience_id = any(:incAudiences::uuid[])
       ), excluded as (
         select customer_id from segment_memberships where segment_id = any(:excSegments::text[])
         union
         select customer_id from audience_members where audience_id = any(:excAudiences::uuid[])
       ), zones as materialized (select name from pg_timezone_names),
       candidates as (
         select c.id, coalesce(z.name, :accountZone) as zone, ${addressSql(m.channel)} as address
         from customers c join included i on i.customer_id = c.id
         left join zones z on z.name = c.time_zone
         where not exists (select 1 from excluded x where x.customer_id = c.id)
       ), judged as (
         select c.*, case
           when c.address is null then 'no_contact'
           when exists (select 1 from contacts k where k.customer_id = c.id
             and k.channel = :kind and k.address = c.address and not k.is_valid) then 'invalid'
           when not :transactional and exists (select 1 from subscriptions s
             where s.customer_id = c.id and s.channel = :channel and not s.subscribed
             and s.messaging_type in (:type, 'all')) then 'unsubscribed'
           when ${capped ? ':capped' : 'false'} then 'capped'
           -- Last: the control group is those who would have been sent, for the uplift.
           when not :transactional and ${inControlGroupSql('c.id')} then 'control_group'
         end as reason
         from candidates c
       )
       insert into mailing_recipients (mailing_id, customer_id, address, time_zone, state, reason,
         control, send_at)
       select :id, j.id, j.address, j.zone,
         case when j.reason is null then 'pending' else 'excluded' end, j.reason,
         j.reason is not distinct from 'control_group', ${sendAt}
       from judged j`,
      {
        id: m.id,
        incSegments: include.segments,
        incAudiences: include.audiences,
        excSegments: exclude.segments,
        excAudiences: exclude.audiences,
        kind: contactKind(m.channel),
        channel: m.channel,
        type: m.messaging_type,
        transactional,
        ...(capped && { capped }),
        accountZone: accountTimeZone,
        localTime: d.mode === 'localTime' ? d.localTime : null,
        at: d.mode === 'at' ? d.at : now.toISOString(),
      },
    );
    if (m.ab_test) await splitAbTest(trx, m.id, m.ab_test);
  });
  return exclusions(db, m.id);
}

async function isTransactionalType(db: Db, key: string): Promise<boolean> {
  const row = await db('messaging_types').where({ key }).first<{ transactional: boolean }>();
  return row?.transactional ?? false;
}

export async function exclusions(db: Db, mailingId: string): Promise<MailingExclusions> {
  const rows = await db('mailing_recipients')
    .where({ mailing_id: mailingId, state: 'excluded' })
    .groupBy('reason')
    .select<{ reason: keyof MailingExclusions; n: string }[]>('reason', db.raw('count(*) as n'));
  const out: MailingExclusions = {
    no_contact: 0,
    invalid: 0,
    unsubscribed: 0,
    capped: 0,
    control_group: 0,
    ab_control: 0,
  };
  for (const r of rows) out[r.reason] = Number(r.n);
  return out;
}

export interface DueRecipient {
  customer_id: string;
  address: string;
  time_zone: string;
  /** The A/B variant, null outside A/B tests. */
  variant: number | null;
}

/**
 * One of the parts a mailing's recipients are split into, sent side by side (workflows/mailing.ts):
 * a recipient's part is the stable hash of their ID that the control group uses
 * (herald_control_bucket, 0 to 9,999), so each part's batches are disjoint.
 */
export interface MailingLane {
  index: number;
  of: number;
}

const pending = (db: Db, mailingId: string, lane: MailingLane | undefined) => {
  const q = db('mailing_recipients').where({ mailing_id: mailingId, state: 'pending' });
  return lane
    ? q.whereRaw('mod(herald_control_bucket(customer_id), ?) = ?', [lane.of, lane.index])
    : q;
};

/** The next pending recipients due by `dueBy`, in a stable order (so a replay takes the same ones). */
export const dueRecipients = (
  db: Db,
  mailingId: string,
  dueBy: Date,
  limit: number,
  lane?: MailingLane,
) =>
  pending(db, mailingId, lane)
    .where('send_at', '<=', dueBy)
    .orderBy(['send_at', 'customer_id'])
    .limit(limit)
    .select<DueRecipient[]>('customer_id', 'address', 'time_zone', 'variant');

/** When the next pending recipient (of the lane) is due, or null when nobody is left. */
export async function nextDue(db: Db, mailingId: string, lane?: MailingLane): Promise<Date | null> {
  const row = await pending(db, mailingId, lane).min<{ at: Date | null }>('send_at as at').first();
  return row?.at ?? null;
}

export async function markRecipientsDone(db: Db, mailingId: string, customerIds: string[]) {
  if (customerIds.length === 0) return;
  await db('mailing_recipients')
    .where({ mailing_id: mailingId })
    .whereIn('customer_id', customerIds)
    .update({ state: 'done' });
}

/** Moves recipients outside the sending window to when it next opens. */
export async function postponeRecipients(
  db: Db,
  mailingId: string,
  later: { customerId: string; at: Date }[],
) {
  for (const { customerId, at } of later)
    await db('mailing_recipients')
      .where({ mailing_id: mailingId, customer_id: customerId })
      .update({ send_at: at });
}

export interface ClaimedMessage {
  id: string;
  customer_id: string;
  status: string;
  error: string | null;
  /** Times an email was handed to the gateway: 0 while only claimed (certainly not sent). */
  attempts: number;
  fresh: boolean;
}

/**
 * Claims one message per recipient in one statement (status "sending", with its history row);
 * a recipient claimed by an earlier attempt comes back with `fresh` false and that claim's state.
 */
export async function claimMailingMessages(
  db: Db,
  m: Pick<MailingRow, 'id' | 'channel' | 'template_id' | 'messaging_type'>,
  recipients: DueRecipient[],
  keyOf: (r: DueRecipient) => string,
  /** An email's gateway and From, known when the batch starts. */
  via?: { gatewayId: string | null; sender: string },
): Promise<ClaimedMessage[]> {
  if (recipients.length === 0) return [];
  const keys = recipients.map(keyOf);
  const { rows } = await db.raw<{ rows: ClaimedMessage[] }>(
    `with due as (
       select * from unnest(?::text[], ?::uuid[], ?::text[]) as d(key, customer_id, address)
     ), claimed as (
       insert into messages (idempotency_key, customer_id, mailing_id, channel, template_id,
         messaging_type, to_address, status, attempts, gateway_id, sender)
       select key, customer_id, ?, ?, ?, ?, address, 'sending', 0, ?::uuid, ? from due
       on conflict (idempotency_key) do nothing
       returning id, customer_id, status, error, attempts
     ), history as (
       insert into message_status_history (message_id, status) select id, status from claimed
     )
     select id, customer_id, status, error, attempts, true as fresh from claimed
     union all
     select m.id, m.customer_id, m.status, m.error, m.attempts, false from messages m
     where m.idempotency_key = any(?::text[])
       and not exists (select 1 from claimed c where c.id = m.id)`,
    [
      keys,
      recipients.map((r) => r.customer_id),
      recipients.map((r) => r.address),
      m.id,
      m.channel,
      m.template_id,
      m.messaging_type,
      via?.gatewayId ?? null,
      via?.sender ?? null,
      keys,
    ],
  );
  return rows;
}
