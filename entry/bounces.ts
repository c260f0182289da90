// Bounces and complaints mailed back to the bounce receiver (worker/bounce-receiver.ts), applied
// to the message they name: a hard bounce marks it bounced and the address invalid (skipped from
// then on, db/reachability.ts); a soft one is noted in its history; an abuse complaint
// unsubscribes the customer from marketing email (source "complaint"). Each is applied once,
// however often a provider mails it, and becomes an event campaigns can react to.
import type { BounceReport } from '../core/bounce-reports.ts';
import { flagContactInvalid } from '../db/delivery.ts';
import { type MessageRow, recordEngagement, setMessageStatus } from '../db/messages.ts';
import { recordConsent } from '../db/privacy.ts';
import type { EntryDeps } from './deps.ts';
import { openPipeline } from './pipeline.ts';

/** Applies one report; false when no email of ours has that message ID. */
export async function receiveBounce(deps: EntryDeps, report: BounceReport): Promise<boolean> {
  const { db } = deps;
  const message = await db('messages')
    .where({ id: report.messageId, channel: 'email' })
    .first<MessageRow | undefined>();
  if (!message?.customer_id) return false;
  const customerId = message.customer_id;
  const address = message.to_address ?? report.recipient;
  const record = (type: string, key: string) =>
    openPipeline(deps).record({
      customerId,
      type,
      properties: { messageId: message.id, detail: report.detail },
      idempotencyKey: `${key}:${message.id}`,
      source: 'bounce',
    });

  if (report.kind === 'complaint') {
    if (report.feedbackType !== 'abuse') {
      await recordEngagement(db, message.id, 'delayed', report.detail);
      return true;
    }
    const { changed } = await recordConsent(db, customerId, {
      channel: 'email',
      messagingType: 'all',
      subscribed: false,
      source: 'complaint',
    });
    const engaged = await recordEngagement(db, message.id, 'unsubscribed', report.detail);
    if (changed)
      await openPipeline(deps).record({
        customerId,
        type: 'subscription_changed',
        properties: {
          channel: 'email',
          messagingType: 'all',
          subscribed: false,
          source: 'complaint',
        },
        source: 'consent',
      });
    if (engaged?.first) await record('email_complained', 'email_complained');
    return true;
  }
  if (report.severity === 'soft') {
    await recordEngagement(db, message.id, 'delayed', `${report.status} ${report.detail}`);
    return true;
  }
  // A repeated DSN, or one about a message already bounced or failed at send time: nothing new.
  if (!['sent', 'delivered', 'unknown'].includes(message.status)) return true;
  await setMessageStatus(db, message.id, 'bounced', {
    error: report.detail,
    providerResponse: report.detail,
  });
  if (address) await flagContactInvalid(db, customerId, 'email', address);
  await record('email_bounced', 'email_bounced');
  return true;
}
