// What providers tell Herald after a send: each part's provider ID (so a delivery report finds
// its message by that ID, never by guesswork: DESIGN decision 12), the reports themselves, and
// the contacts they prove bad.
import type { Db } from './connection.ts';
import { setMessageStatus } from './messages.ts';

/** The provider's ID of each part of a sent message, in order, to match reports against. */
export async function recordParts(
  db: Db,
  messageId: string,
  gatewayId: string,
  providerIds: string[],
): Promise<void> {
  if (providerIds.length === 0) return;
  await db('message_parts')
    .insert(
      providerIds.map((id, i) => ({
        message_id: messageId,
        part: i + 1,
        gateway_id: gatewayId,
        provider_message_id: id,
        status: 'sent',
      })),
    )
    .onConflict(['message_id', 'part'])
    .ignore();
}

export interface DeliveryReport {
  gatewayId: string;
  providerMessageId: string;
  outcome: 'delivered' | 'failed';
  /** The provider's words: "stat:UNDELIV err:001", "30003 Unreachable destination handset". */
  detail: string;
}

export interface ReportedMessage {
  messageId: string;
  customerId: string | null;
  channel: string;
  toAddress: string | null;
  /** The message's status after the report: changed, or as it was (a duplicate report). */
  status: string;
  changed: boolean;
}

/**
 * Applies a delivery report to its part, then to the message: "failed" at the first failed
 * part, "delivered" once every part is. A message already past "sent" keeps its status, so a
 * late or repeated report never moves it back. Undefined when no part has that ID.
 */
export async function applyDeliveryReport(
  db: Db,
  report: DeliveryReport,
): Promise<ReportedMessage | undefined> {
  return db.transaction(async (trx) => {
    const part = await trx('message_parts')
      .where({ gateway_id: report.gatewayId, provider_message_id: report.providerMessageId })
      .first<{ message_id: string; status: string } | undefined>('message_id', 'status');
    if (!part) return undefined;
    const message = await trx('messages').where({ id: part.message_id }).forUpdate().first<{
      id: string;
      customer_id: string | null;
      channel: string;
      to_address: string | null;
      status: string;
    }>('id', 'customer_id', 'channel', 'to_address', 'status');
    const seen = (status: string, changed: boolean): ReportedMessage => ({
      messageId: message.id,
      customerId: message.customer_id,
      channel: message.channel,
      toAddress: message.to_address,
      status,
      changed,
    });
    if (part.status !== 'sent') return seen(message.status, false);
    await trx('message_parts')
      .where({ gateway_id: report.gatewayId, provider_message_id: report.providerMessageId })
      .update({ status: report.outcome, updated_at: trx.fn.now() });
    // "unknown" too: a report proves the provider had the message after all.
    if (!['sent', 'unknown'].includes(message.status)) return seen(message.status, false);
    if (report.outcome === 'failed') {
      await setMessageStatus(trx, message.id, 'failed', {
        error: report.detail,
        providerResponse: report.detail,
      });
      return seen('failed', true);
    }
    const pending = await trx('message_parts')
      .where({ message_id: message.id })
      .whereNot({ status: 'delivered' })
      .first<{ part: number } | undefined>('part');
    if (pending) return seen(message.status, false);
    await setMessageStatus(trx, message.id, 'delivered', { providerResponse: report.detail });
    return seen('delivered', true);
  });
}

/**
 * Flags an address the provider refused for good: the customer is skipped on that channel
 * from now on (db/reachability.ts), as the reference product does. SMS and Viber share the phone.
 */
export async function flagContactInvalid(
  db: Db,
  customerId: string,
  channel: string,
  address: string,
): Promise<void> {
  const kind = channel === 'viber' ? 'sms' : channel;
  await db('contacts')
    .insert({ customer_id: customerId, channel: kind, address, is_valid: false })
    .onConflict(['customer_id', 'channel', 'address'])
    .merge({ is_valid: false });
}

/**
 * A report that names our message itself (a push receipt the app posted): "sent" or "unknown"
 * moves to "delivered"; any other status stays. Undefined when there is no such push message.
 */
export async function applyAppDelivery(
  db: Db,
  messageId: string,
  detail: string,
): Promise<ReportedMessage | undefined> {
  return db.transaction(async (trx) => {
    const message = await trx('messages')
      .where({ id: messageId, channel: 'push' })
      .forUpdate()
      .first<
        | {
            id: string;
            customer_id: string | null;
            channel: string;
            to_address: string | null;
            status: string;
          }
        | undefined
      >('id', 'customer_id', 'channel', 'to_address', 'status');
    if (!message) return undefined;
    const changed = ['sent', 'unknown'].includes(message.status);
    if (changed) await setMessageStatus(trx, message.id, 'delivered', { providerResponse: detail });
    return {
      messageId: message.id,
      customerId: message.customer_id,
      channel: message.channel,
      toAddress: message.to_address,
      status: changed ? 'delivered' : message.status,
      changed,
    };
  });
}
