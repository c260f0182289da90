// Renders and sends one mailing email, as activities/send-email.ts does for a journey's: the
// template compiled once per mailing, the unsubscribe link and List-Unsubscribe on marketing
// types, click and open tracking when configured. The message is already claimed. Its attempt is
// marked just before its final dot (activities/send-commit.ts), and its outcome written in the
// transaction of the marks that follow it.
import type { CompiledEmailTemplate } from '../core/templates.ts';
import { TemplateError } from '../core/templates.ts';
import { addTracking, trackedLinks } from '../core/tracking.ts';
import { preferencesUrl, unsubscribeHeaders, withUnsubscribeFooter } from '../core/unsubscribe.ts';
import type { CustomerRow } from '../db/customers.ts';
import { templateContext } from '../db/template-context.ts';
import { recordMessageLinks } from '../db/message-links.ts';
import { type MessageStatus, noteSendAttempt, setMessageStatus } from '../db/messages.ts';
import { SendFailure, type TextEncoding } from './channels/gateway.ts';
import type { GatewayRow } from '../db/gateways.ts';
import type { Db } from '../db/connection.ts';
import type { EmailGateway } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';
import { commitPoint, recordSent } from './send-commit.ts';

/** Where a mailing's emails go out, and whom they are from: chosen once per batch. */
export interface MailingRoute {
  gateway: EmailGateway;
  /** The gateways row, when the gateway is one (the worker's own transport otherwise). */
  gatewayId?: string;
  /** The From header of every email: the mailing's sender, else the gateway's own. */
  from: string;
  /** The gateway's rate limit, waited for before each email. */
  throttle(): Promise<void>;
}

/**
 * The email gateway that lists the mailing's sender (the default first, then the oldest), sending
 * From that sender; without a sender, the default gateway From its own address, as a journey's
 * email. A sender no gateway lists any more (removed since the mailing was saved) still goes out
 * From it, through the default; the worker's own SMTP transport when no gateway is recorded.
 */
export async function mailingRoute(
  { db, email, gateways }: Pick<ActivityDeps, 'db' | 'email' | 'gateways'>,
  sender: string | null,
): Promise<MailingRoute> {
  const row = await emailGatewayRow(db, sender);
  const resolved = row && (await gateways?.resolveRow('email', row));
  const gateway = resolved?.gateway ?? email;
  return {
    gateway,
    ...(resolved && { gatewayId: resolved.row.id }),
    from: sender ?? gateway.from,
    throttle: () => resolved?.throttle() ?? Promise.resolve(),
  };
}

const emailGatewayRow = async (db: Db, sender: string | null) =>
  (sender
    ? await db('gateways')
        .where({ channel: 'email' })
        .whereRaw('? = any(senders)', [sender])
        .orderBy([
          { column: 'is_default', order: 'desc' },
          { column: 'created_at', order: 'asc' },
        ])
        .first<GatewayRow | undefined>()
    : undefined) ??
  (await db('gateways')
    .where({ channel: 'email', is_default: true })
    .first<GatewayRow | undefined>());

export interface MailingEmail {
  messageId: string;
  customer: CustomerRow;
  address: string;
  route: MailingRoute;
  template: CompiledEmailTemplate;
  /** What the template reads beyond the profile: variableUses of its sources. */
  uses: Set<string>;
  transactional: boolean;
}

export function mailingEmailSender({ db, tracking }: Pick<ActivityDeps, 'db' | 'tracking'>) {
  // The transfer encoding the gateway chose for a template's first email, given for the rest:
  // the template's own text decides it (names and links rarely tip it), either one is right for
  // any content, and knowing it spares a count of every character of every email.
  const encodings = new WeakMap<CompiledEmailTemplate, TextEncoding>();
  return (m: MailingEmail) => sendMailingEmail(m);

  async function sendMailingEmail({
    messageId,
    customer,
    address,
    route,
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
      await route.throttle();
      const result = await route.gateway.send({
        to: address,
        from: route.from,
        ...rendered,
        html,
        messageId,
        // Counted as an attempt just before its final dot: one that dies before it certainly did
        // not send and is sent again (mailings.ts); only one that dies after it is "unknown".
        commit: commitPoint(db, messageId),
        textEncoding: encodings.get(template),
        ...(unsubscribeUrl && {
          headers: unsubscribeHeaders(unsubscribeUrl, tracking?.unsubscribeMailto),
        }),
      });
      if (result.textEncoding && !encodings.has(template))
        encodings.set(template, result.textEncoding);
      await recordSent(db, {
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
