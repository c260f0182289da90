// Messages and their status history. The unique idempotency key is what makes a send happen
// once (DESIGN decision 4): a retried activity finds the row of its first attempt.
import type { Db } from './connection.ts';
import { type EntryFinish, finishing } from './entries.ts';
import { linksOf } from './message-links.ts';
import { stepsOnce } from './node-counters.ts';

/**
 * Where a message stands: "sending" is queued (claimed, not yet accepted by the provider);
 * "delivered", "failed" and "bounced" may follow "sent" when the provider reports back. Opens
 * and clicks are history rows on top of these.
 */
export type MessageStatus =
  'sending' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'skipped' | 'unknown';

export interface MessageRow {
  id: string;
  idempotency_key: string;
  customer_id: string | null;
  campaign_id: string | null;
  entry_id: string | null;
  node_id: string | null;
  channel: string;
  template_id: string | null;
  /** Null on messages sent before messaging types were recorded (migration 0110). */
  messaging_type: string | null;
  to_address: string | null;
  subject: string | null;
  status: MessageStatus;
  provider_message_id: string | null;
  error: string | null;
  attempts: number;
  gateway_id: string | null;
  sender: string | null;
  provider_response: string | null;
  parts: number | null;
  /** The send's commit point, just before its final dot (migration 0250); null: not reached. */
  committed_at: Date | null;
  created_at: Date;
}

export interface NewMessage {
  idempotencyKey: string;
  customerId: string;
  campaignId?: string;
  entryId?: string;
  nodeId?: string;
  channel: string;
  templateId?: string;
  /** What the customer can unsubscribe from through this message's link. */
  messagingType?: string;
  /** A test run's message: reports and counters leave it out. */
  test?: boolean;
}

/** The steps a journey took before a send, recorded with the send's claim (lean journeys). */
export type StepsBefore = Parameters<typeof stepsOnce>[2];

/**
 * Claims the right to send: inserts the message as "sending" (with its history row, and the
 * journey's steps before the send when given, in the same statement), or returns the existing
 * row so the caller can see what an earlier attempt did. `fresh` is true only for the first claim.
 */
export async function claimMessage(
  db: Db,
  m: NewMessage,
  steps?: StepsBefore,
  /** The first claim's ID, chosen by the caller, and the links its email carries (recorded with it). */
  first: { id?: string; links?: string[] } = {},
): Promise<{ row: MessageRow; fresh: boolean }> {
  const [inserted] = await firstClaim(db, m, 'sending', undefined, steps, first);
  if (inserted) return { row: inserted, fresh: true };
  const [existing] = await db('messages')
    .where({ idempotency_key: m.idempotencyKey })
    .increment('attempts', 1)
    .returning<MessageRow[]>('*');
  return { row: existing!, fresh: false };
}

/**
 * Claims a message that will not be sent (no address, a broken template) with its final status,
 * in one statement; undefined when an earlier attempt claimed it first.
 */
export async function claimUnsent(
  db: Db,
  m: NewMessage,
  status: 'skipped' | 'failed',
  error: string,
  steps?: StepsBefore,
): Promise<MessageRow | undefined> {
  const [inserted] = await firstClaim(db, m, status, error, steps);
  return inserted;
}

/**
 * A journey left (stopped, converted, failed) while its send had not finished: claims the message
 * as skipped, so that an attempt still queued never sends, and counts the steps before it that
 * the send carried, unless the send claimed the message (and counted them) first.
 */
export async function leaveUnsent(db: Db, m: NewMessage, steps?: StepsBefore): Promise<void> {
  const reason = 'the journey left before this message was sent';
  const [claimed] = await firstClaim(db, m, 'skipped', reason, steps);
  if (claimed) return;
  // Claimed by an attempt that failed and certainly did not send (an error noted, a retry
  // pending): no retry will come now, so it is skipped rather than left "sending" for good.
  const [failed] = await db('messages')
    .where({ idempotency_key: m.idempotencyKey, status: 'sending' })
    .whereNotNull('error')
    .select<{ id: string }[]>('id');
  if (failed) await setMessageStatus(db, failed.id, 'skipped', { error: reason });
}

/** One statement: the message, its first status, and the steps, all or none of them. */
function firstClaim(
  db: Db,
  m: NewMessage,
  status: MessageStatus,
  error: string | undefined,
  steps: StepsBefore | undefined,
  first: { id?: string; links?: string[] } = {},
) {
  const claim = db('messages')
    .insert({
      ...(first.id && { id: first.id }),
      idempotency_key: m.idempotencyKey,
      customer_id: m.customerId,
      campaign_id: m.campaignId ?? null,
      entry_id: m.entryId ?? null,
      node_id: m.nodeId ?? null,
      channel: m.channel,
      template_id: m.templateId ?? null,
      messaging_type: m.messagingType ?? null,
      ...(m.test && { test: true }),
      status,
      error: error ?? null,
      attempts: status === 'sending' ? 1 : 0,
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning('*');
  let q = db
    .with('claimed', claim)
    .with(
      'history',
      db.raw(
        'insert into message_status_history (message_id, status, detail) select id, status, error from claimed',
      ),
    );
  for (const [name, statement] of Object.entries(steps ? stepsOnce(db, 'claimed', steps) : {}))
    q = q.with(name, statement);
  if (first.links?.length) q = q.with('links', linksOf(db, 'claimed', first.links));
  return q.select<MessageRow[]>('*').from('claimed');
}

/**
 * The new status and its history row, in one statement; with `finish`, the end of the journey
 * this message was its last step of, in the same statement.
 */
export async function setMessageStatus(
  db: Db,
  id: string,
  status: MessageStatus,
  details: MessageDetails = {},
  finish?: EntryFinish,
): Promise<void> {
  const update = db('messages')
    .where({ id })
    .update({
      status,
      ...(details.toAddress !== undefined && { to_address: details.toAddress }),
      ...(details.subject !== undefined && { subject: details.subject }),
      ...(details.providerMessageId !== undefined && {
        provider_message_id: details.providerMessageId,
      }),
      ...(details.error !== undefined && { error: details.error }),
      ...(details.gatewayId !== undefined && { gateway_id: details.gatewayId }),
      ...(details.sender !== undefined && { sender: details.sender }),
      ...(details.providerResponse !== undefined && {
        provider_response: details.providerResponse,
      }),
      ...(details.parts !== undefined && { parts: details.parts }),
      // The first delivery, kept on the row so reports and attribution need no history scan.
      ...(status === 'delivered' && { delivered_at: db.raw('coalesce(delivered_at, now())') }),
      updated_at: db.fn.now(),
    })
    .returning('id');
  const detail = details.error ?? details.providerResponse ?? details.providerMessageId ?? null;
  let q = db
    .queryBuilder()
    .with('updated', update)
    .with(
      'history',
      db.raw(
        'insert into message_status_history (message_id, status, detail) select id, ?, ? from updated',
        [status, detail],
      ),
    );
  for (const [name, statement] of Object.entries(finish ? finishing(db, finish) : {}))
    q = q.with(name, statement);
  await q.select('id').from('updated');
}

/** What a status change may also record about the message. */
export interface MessageDetails {
  toAddress?: string;
  subject?: string;
  providerMessageId?: string;
  error?: string;
  /** The gateway and sender the send went through (issue 13: every send records them). */
  gatewayId?: string;
  sender?: string;
  /** The provider's own words: its answer to the send, or a report's error text. */
  providerResponse?: string;
  parts?: number;
}

export async function messagesOfCustomer(db: Db, customerId: string): Promise<MessageRow[]> {
  return db('messages').where({ customer_id: customerId }).orderBy('created_at');
}

/**
 * A mailing's SMS, push or Viber message handed to its gateway: one attempt more, after which a
 * crash leaves it unknown (activities/mailings.ts). An email counts its attempt at its commit
 * point instead, just before its final dot (activities/send-commit.ts).
 */
export async function noteHandedOver(db: Db, id: string): Promise<void> {
  await db('messages').where({ id }).increment('attempts', 1);
}

/**
 * Notes (or clears) an error on a message still being sent, and clears its commit point. A claim
 * with an error, or without a commit point, certainly did not send; one with a commit point and
 * no error may have (an attempt died between the final dot and recording the answer).
 */
export async function noteSendAttempt(db: Db, id: string, error: string | null): Promise<void> {
  await db('messages').where({ id }).update({ error, committed_at: null, updated_at: db.fn.now() });
}

/**
 * Records that the recipient opened the message, clicked a link in it or unsubscribed through
 * it (without changing its delivery status). Returns the message,
 * and whether this is the first time for that status (the first open is what triggers).
 */
export async function recordEngagement(
  db: Db,
  id: string,
  /** "delayed": a soft bounce (4.x.x) the MTA still retries; noted, the status stays. */
  status: 'opened' | 'clicked' | 'unsubscribed' | 'delayed',
  detail?: string,
): Promise<{ message: MessageRow; first: boolean } | undefined> {
  return db.transaction(async (trx) => {
    const message = await trx('messages').where({ id }).first<MessageRow | undefined>();
    if (!message) return undefined;
    // A replayed open (or a second click on the same link) is not news: one history row each.
    const seen = await trx('message_status_history')
      .where({ message_id: id, status, detail: detail ?? null })
      .first<{ id: string } | undefined>('id');
    if (!seen) {
      await trx('message_status_history').insert({
        message_id: id,
        status,
        detail: detail ?? null,
      });
      // The first of each, on the row, for reports and attribution (migration 0190); a soft
      // bounce has no column: it is only noted.
      if (status !== 'delayed') {
        const column = `${status}_at`;
        await trx('messages')
          .where({ id })
          .update({ [column]: trx.raw('coalesce(??, now())', [column]) });
      }
    }
    return { message, first: !seen };
  });
}
