// Renders and sends one mailing email, as activities/send-email.ts does for a journey's: the
// template compiled once per mailing, the unsubscribe link and List-Unsubscribe on marketing
// types, click and open tracking when configured. The message is already claimed. Its two
// writes (handed over, sent) are group-committed with those of the emails sent beside it.
import pLimit from 'p-limit';
import { groupCommit } from '../core/group-commit.ts';
import type { CompiledEmailTemplate } from '../core/templates.ts';
import { TemplateError } from '../core/templates.ts';
import { addTracking, trackedLinks } from '../core/tracking.ts';
import { preferencesUrl, unsubscribeHeaders, withUnsubscribeFooter } from '../core/unsubscribe.ts';
import type { CustomerRow } from '../db/customers.ts';
import { templateContext } from '../db/template-context.ts';
import { recordMessageLinks } from '../db/message-links.ts';
import { noteHandedOverMany, recordEmailsSent, type SentEmail } from '../db/mailing-sends.ts';
import { type MessageStatus, noteSendAttempt, setMessageStatus } from '../db/messages.ts';
import { SendFailure } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';

export interface MailingEmail {
  messageId: string;
  customer: CustomerRow;
  address: string;
  template: CompiledEmailTemplate;
  /** What the template reads beyond the profile: variableUses of its sources. */
  uses: Set<string>;
  transactional: boolean;
}

export function mailingEmailSender({
  db,
  email,
  tracking,
}: Pick<ActivityDeps, 'db' | 'email' | 'tracking'>) {
  /**
   * At most as many emails handed over at once as the SMTP pool has connections
   * (activities/channels/smtp.ts): one handed over is then on the wire rather than queued in the
   * pool, so a worker killed mid-batch leaves only those few in doubt ("unknown", never resent).
   */
  const handOver = pLimit(5);
  // The attempt is committed before the email goes: grouped, the five wait for one statement.
  const handedOver = groupCommit<string>((ids) => noteHandedOverMany(db, ids));
  const sent = groupCommit<SentEmail>((rows) => recordEmailsSent(db, rows));
  return (m: MailingEmail) => sendMailingEmail(m);

  async function sendMailingEmail({
    messageId,
    customer,
    address,
    template,
    uses,
    transactional,
  }: MailingEmail): Promise<MessageStatus> {
    // "sending" back means a transient failure: certainly not sent, to be retried.
    const unsubscribeUrl =
      tracking && !transactional ? preferencesUrl(tracking, messageId, customer.id) : undefined;
    let rendered;
    try {
      rendered = await template.render(
        await templateContext(db, customer, {}, uses, { unsubscribeUrl: unsubscribeUrl ?? '' }),
      );
      if (unsubscribeUrl)
        rendered = { ...rendered, ...withUnsubscribeFooter(rendered, unsubscribeUrl) };
    } catch (err) {
      // This profile would fail again: recorded, never retried.
      if (!(err instanceof TemplateError)) throw err;
      await setMessageStatus(db, messageId, 'failed', { error: `template: ${err.message}` });
      return 'failed';
    }
    try {
      const untracked = unsubscribeUrl ? [unsubscribeUrl] : [];
      if (tracking) await recordMessageLinks(db, messageId, trackedLinks(rendered.html, untracked));
      const html = tracking
        ? addTracking(rendered.html, tracking, messageId, untracked)
        : rendered.html;
      const result = await handOver(async () => {
        // From here the server may get it: an attempt that dies now is not sent again (mailings.ts).
        await handedOver(messageId);
        return email.send({
          to: address,
          ...rendered,
          html,
          messageId,
          ...(unsubscribeUrl && {
            headers: unsubscribeHeaders(unsubscribeUrl, tracking?.unsubscribeMailto),
          }),
        });
      });
      await sent({
        id: messageId,
        subject: rendered.subject,
        providerMessageId: result.providerMessageId,
      });
      return 'sent';
    } catch (err) {
      if (!(err instanceof SendFailure)) throw err;
      if (err.kind === 'transient') {
        // Certainly not sent: the claim stays "sending" with the error noted, so a retry sends.
        await noteSendAttempt(db, messageId, err.message);
        return 'sending';
      }
      const status = err.kind === 'permanent' ? 'failed' : 'unknown';
      await setMessageStatus(db, messageId, status, { error: err.message });
      return status;
    }
  }
}
