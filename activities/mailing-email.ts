// Renders and sends one mailing email, as activities/send-email.ts does for a journey's: the
// template compiled once per mailing, the unsubscribe link and List-Unsubscribe on marketing
// types, click and open tracking when configured. The message is already claimed. Its attempt is
// marked just before its final dot (activities/send-commit.ts), and its outcome group-committed
// with those of the emails sent beside it.
import { groupCommit } from '../core/group-commit.ts';
import type { CompiledEmailTemplate } from '../core/templates.ts';
import { TemplateError } from '../core/templates.ts';
import { addTracking, trackedLinks } from '../core/tracking.ts';
import { preferencesUrl, unsubscribeHeaders, withUnsubscribeFooter } from '../core/unsubscribe.ts';
import type { CustomerRow } from '../db/customers.ts';
import { templateContext } from '../db/template-context.ts';
import { recordMessageLinks } from '../db/message-links.ts';
import { recordEmailsSent, type SentEmail } from '../db/mailing-sends.ts';
import { type MessageStatus, noteSendAttempt, setMessageStatus } from '../db/messages.ts';
import { SendFailure } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';
import { commitPoint } from './send-commit.ts';

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
      const result = await email.send({
        to: address,
        ...rendered,
        html,
        messageId,
        // Counted as an attempt just before its final dot: one that dies before it certainly did
        // not send and is sent again (mailings.ts); only one that dies after it is "unknown".
        commit: commitPoint(db, messageId),
        ...(unsubscribeUrl && {
          headers: unsubscribeHeaders(unsubscribeUrl, tracking?.unsubscribeMailto),
        }),
      });
      await sent({
        id: messageId,
        subject: rendered.subject,
        providerMessageId: result.providerMessageId,
      });
      return 'sent';
    } catch (err) {
      if (!(err instanceof SendFailure)) throw err;
      // Another attempt of this message is sending it: left to that one, retried as the batch's.
      if (err.kind === 'superseded') return 'sending';
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
