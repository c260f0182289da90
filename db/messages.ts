// Messages and their status history. The unique idempotency key is what makes a send happen
// once (DESIGN decision 4): a retried activity finds the row of its first attempt.
import type { Db } from './connection.ts';

export type MessageStatus = 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';

export interface MessageRow {
  id: string;
  idempotency_key: string;
  customer_id: string | null;
  campaign_id: string | null;
  entry_id: string | null;
  node_id: string | null;
  channel: string;
  template_id: string | null;
  to_address: string | null;
  subject: string | null;
  status: MessageStatus;
  provider_message_id: string | null;
  error: string | null;
  attempts: number;
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
}

/**
 * Claims the right to send: inserts the message as "sending", or returns the existing row so
 * the caller can see what an earlier attempt did. `fresh` is true only for the first claim.
 */
export async function claimMessage(
  db: Db,
  m: NewMessage,
): Promise<{ row: MessageRow; fresh: boolean }> {
  const [inserted] = await db('messages')
    .insert({
      idempotency_key: m.idempotencyKey,
      customer_id: m.customerId,
      campaign_id: m.campaignId ?? null,
      entry_id: m.entryId ?? null,
      node_id: m.nodeId ?? null,
      channel: m.channel,
      template_id: m.templateId ?? null,
      status: 'sending',
      attempts: 1,
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning<MessageRow[]>('*');
  if (inserted) {
    await db('message_status_history').insert({ message_id: inserted.id, status: 'sending' });
    return { row: inserted, fresh: true };
  }
  const [existing] = await db('messages')
    .where({ idempotency_key: m.idempotencyKey })
    .increment('attempts', 1)
    .returning<MessageRow[]>('*');
  return { row: existing!, fresh: false };
}

export async function setMessageStatus(
  db: Db,
  id: string,
  status: MessageStatus,
  details: {
    toAddress?: string;
    subject?: string;
    providerMessageId?: string;
    error?: string;
  } = {},
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('messages')
      .where({ id })
      .update({
        status,
        ...(details.toAddress !== undefined && { to_address: details.toAddress }),
        ...(details.subject !== undefined && { subject: details.subject }),
        ...(details.providerMessageId !== undefined && {
          provider_message_id: details.providerMessageId,
        }),
        ...(details.error !== undefined && { error: details.error }),
        updated_at: trx.fn.now(),
      });
    await trx('message_status_history').insert({
      message_id: id,
      status,
      detail: details.error ?? details.providerMessageId ?? null,
    });
  });
}

export async function messagesOfCustomer(db: Db, customerId: string): Promise<MessageRow[]> {
  return db('messages').where({ customer_id: customerId }).orderBy('created_at');
}

/**
 * Notes (or clears) an error on a message still being sent. A claim with an error means "an
 * attempt failed and certainly did not send"; one without means an attempt may be mid-send.
 */
export async function noteSendAttempt(db: Db, id: string, error: string | null): Promise<void> {
  await db('messages').where({ id }).update({ error, updated_at: db.fn.now() });
}

/**
 * Records that the recipient opened the message or clicked a link in it. Returns the message,
 * and whether this is the first time for that status (the first open is what triggers).
 */
export async function recordEngagement(
  db: Db,
  id: string,
  status: 'opened' | 'clicked',
  detail?: string,
): Promise<{ message: MessageRow; first: boolean } | undefined> {
  return db.transaction(async (trx) => {
    const message = await trx('messages').where({ id }).first<MessageRow | undefined>();
    if (!message) return undefined;
    // A replayed open (or a second click on the same link) is not news: one history row each.
    const seen = await trx('message_status_history')
      .where({ message_id: id, status, detail: detail ?? null })
      .first<{ id: string } | undefined>('id');
    if (!seen)
      await trx('message_status_history').insert({
        message_id: id,
        status,
        detail: detail ?? null,
      });
    return { message, first: !seen };
  });
}
