// The email send activity: render, send once, record every status.
import { ApplicationFailure } from '@temporalio/activity';
import {
  type CompiledEmailTemplate,
  compileEmailTemplate,
  type RenderedEmail,
  TemplateError,
} from '../core/templates.ts';
import { addTracking, trackedLinks } from '../core/tracking.ts';
import { preferencesUrl, unsubscribeHeaders, withUnsubscribeFooter } from '../core/unsubscribe.ts';
import { getCustomer, profileVariables } from '../db/customers.ts';
import { flagContactInvalid } from '../db/delivery.ts';
import { recordMessageLinks } from '../db/message-links.ts';
import { noteSendAttempt, setMessageStatus, type StepsBefore } from '../db/messages.ts';
import { isTransactional } from '../db/messaging-types.ts';
import { reachability } from '../db/reachability.ts';
import { templateForSend } from '../db/template-revisions.ts';
import type { TemplateRow } from '../db/templates.ts';
import { SendFailure } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';
import { claimSend, type SendOutcome, type SendResult } from './send-claim.ts';
import { contactPolicyCheck } from './contact-policy-check.ts';

export interface SendEmailInput {
  idempotencyKey: string;
  customerId: string;
  templateId: string;
  /** The revision the campaign version pinned; absent: the template's published revision. */
  templateRevision?: number;
  campaignId?: string;
  nodeId?: string;
  /** The event that started the journey, for {{ event.properties.* }} in templates. */
  event?: { type: string; properties: Record<string, unknown>; occurredAt: string };
  /**
   * "promo" by default. Marketing types respect unsubscribes and carry an unsubscribe link and
   * List-Unsubscribe; transactional ones (messaging_types.transactional) do neither.
   */
  messagingType?: string;
  /** The journey's steps before this send, recorded with its first claim. */
  stepsBefore?: StepsBefore;
}

export type SendEmailResult = SendResult;

export function sendEmailActivities({
  db,
  email,
  log,
  tracking,
  gateways,
}: Pick<ActivityDeps, 'db' | 'email' | 'log' | 'tracking' | 'gateways'>) {
  // Compiled once per template revision, shared by every recipient this worker serves.
  const compiled = new Map<string, Promise<CompiledEmailTemplate>>();
  const compile = (t: TemplateRow) => {
    const key = `${t.id}:${t.revision}`;
    let entry = compiled.get(key);
    if (!entry) {
      entry = compileEmailTemplate({ subject: t.subject, mjml: t.body });
      entry.catch(() => compiled.delete(key));
      compiled.set(key, entry);
    }
    return entry;
  };

  return {
    sendEmail: async (input: SendEmailInput): Promise<SendEmailResult> => {
      const messagingType = input.messagingType ?? 'promo';
      const claim = await claimSend(
        { db, log },
        {
          idempotencyKey: input.idempotencyKey,
          customerId: input.customerId,
          campaignId: input.campaignId,
          nodeId: input.nodeId,
          channel: 'email',
          templateId: input.templateId,
          messagingType,
        },
        input.stepsBefore,
      );
      if (claim.settled) return claim.settled;
      const { message, fresh } = claim;
      const done = (status: SendOutcome) => ({ messageId: message.id, status });

      // The profile, the template and the address checks, read at once.
      const profile = getCustomer(db, input.customerId);
      const [customer, template, reach, transactional, policy] = await Promise.all([
        profile,
        templateForSend(db, input.templateId, input.templateRevision),
        reachability(db, input.customerId, 'email', messagingType, profile),
        isTransactional(db, messagingType),
        contactPolicyCheck(db, { ...input, messageId: message.id, channel: 'email' }, profile),
      ]);
      if (!template) {
        await setMessageStatus(db, message.id, 'failed', {
          error: `template ${input.templateId} not found`,
        });
        return done('failed');
      }
      if (!customer?.email || !reach.ok) {
        await setMessageStatus(db, message.id, 'skipped', {
          error: reach.ok ? 'the customer has no email address' : reach.reason,
        });
        return done('skipped');
      }
      if (!policy.ok) {
        await setMessageStatus(db, message.id, 'skipped', { error: policy.rule });
        return done('skipped');
      }
      // A marketing email's link to the preference page; transactional ones carry none.
      const unsubscribeUrl =
        tracking && !transactional ? preferencesUrl(tracking, message.id, customer.id) : undefined;
      let rendered: RenderedEmail;
      try {
        rendered = await (
          await compile(template)
        ).render({
          customer: profileVariables(customer),
          event: input.event ?? {},
          unsubscribeUrl: unsubscribeUrl ?? '',
        });
        if (unsubscribeUrl)
          rendered = { ...rendered, ...withUnsubscribeFooter(rendered, unsubscribeUrl) };
      } catch (err) {
        // The same template and profile would fail again: recorded, never retried.
        if (!(err instanceof TemplateError)) throw err;
        await setMessageStatus(db, message.id, 'failed', {
          error: `template ${template.name}: ${err.message}`,
        });
        return done('failed');
      }
      // The default email gateway; the worker's own SMTP transport when none is recorded yet.
      const resolved = await gateways?.resolve('email');
      const gateway = resolved?.gateway ?? email;
      const via = {
        ...(resolved && { gatewayId: resolved.row.id }),
        sender: gateway.from,
      };
      if (!fresh) await noteSendAttempt(db, message.id, null);
      await resolved?.throttle();
      try {
        // The links are recorded before the email leaves: its click links lead only to them.
        const untracked = unsubscribeUrl ? [unsubscribeUrl] : [];
        if (tracking)
          await recordMessageLinks(db, message.id, trackedLinks(rendered.html, untracked));
        const html = tracking
          ? addTracking(rendered.html, tracking, message.id, untracked)
          : rendered.html;
        const sent = await gateway.send({
          to: customer.email,
          ...rendered,
          html,
          messageId: message.id,
          ...(unsubscribeUrl && {
            headers: unsubscribeHeaders(unsubscribeUrl, tracking?.unsubscribeMailto),
          }),
        });
        await setMessageStatus(db, message.id, 'sent', {
          toAddress: customer.email,
          subject: rendered.subject,
          providerMessageId: sent.providerMessageId,
          ...(sent.response !== undefined && { providerResponse: sent.response }),
          ...via,
        });
        return done('sent');
      } catch (err) {
        if (!(err instanceof SendFailure)) throw err;
        if (err.kind === 'transient') {
          // Certainly not sent: leave the claim as "sending" with the error noted, so the retry sends.
          await noteSendAttempt(db, message.id, err.message);
          throw ApplicationFailure.retryable(err.message, 'TransientSendFailure');
        }
        const status = err.kind === 'permanent' ? 'failed' : 'unknown';
        // Refused at send time for the address itself: the address is invalid from now on.
        if (err.addressInvalid)
          await flagContactInvalid(db, input.customerId, 'email', customer.email);
        await setMessageStatus(db, message.id, status, {
          toAddress: customer.email,
          subject: rendered.subject,
          error: err.message,
          providerResponse: err.message,
          ...via,
        });
        return done(status);
      }
    },
  };
}
