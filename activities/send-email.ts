// The email send activity: render, send once, record every status.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import {
  type CompiledEmailTemplate,
  compileEmailTemplate,
  TemplateError,
} from '../core/templates.ts';
import { addTracking, trackedLinks } from '../core/tracking.ts';
import { preferencesUrl, unsubscribeHeaders, withUnsubscribeFooter } from '../core/unsubscribe.ts';
import type { CustomerRow } from '../db/customers.ts';
import { flagContactInvalid } from '../db/delivery.ts';
import { type EntryFinish, finishEntry } from '../db/entries.ts';
import { recordMessageLinks } from '../db/message-links.ts';
import {
  claimUnsent,
  type NewMessage,
  noteSendAttempt,
  setMessageStatus,
  type StepsBefore,
} from '../db/messages.ts';
import { readSendContext } from '../db/send-context.ts';
import { variableUses } from '../core/template-variables.ts';
import { templateContext } from '../db/template-context.ts';
import type { TemplateRow } from '../db/templates.ts';
import { SendFailure } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';
import { claimSend, type SendOutcome, type SendResult } from './send-claim.ts';
import { commitPoint } from './send-commit.ts';
import { verdictFor } from './contact-policy-check.ts';

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
  /** Sent by a test run of a draft: the message is marked as test. */
  test?: boolean;
}

export type SendEmailResult = SendResult;

export function sendEmailActivities({
  db,
  email: smtp,
  log,
  tracking,
  gateways,
}: Pick<ActivityDeps, 'db' | 'email' | 'log' | 'tracking' | 'gateways'>) {
  // Compiled once per template revision, shared by every recipient this worker serves.
  // With it, what the template reads beyond the profile (db/template-context.ts).
  const compiled = new Map<string, Promise<CompiledEmailTemplate>>();
  const uses = new Map<string, Set<string>>();
  const compile = (t: TemplateRow) => {
    const key = `${t.id}:${t.revision}`;
    let entry = compiled.get(key);
    if (!entry) {
      entry = compileEmailTemplate({ subject: t.subject, mjml: t.body });
      entry.catch(() => compiled.delete(key));
      compiled.set(key, entry);
      uses.set(key, variableUses(t.subject, t.body));
    }
    return entry;
  };

  // Renders the email of one message: its ID is in the unsubscribe link and in every tracked link.
  const render = async (
    template: TemplateRow,
    customer: CustomerRow,
    messageId: string,
    input: SendEmailInput,
    transactional: boolean,
  ) => {
    const unsubscribeUrl =
      tracking && !transactional ? preferencesUrl(tracking, messageId, customer.id) : undefined;
    const compiledEmail = await compile(template);
    let rendered = await compiledEmail.render(
      await templateContext(
        db,
        customer,
        input.event ?? {},
        uses.get(`${template.id}:${template.revision}`) ?? new Set(),
        { unsubscribeUrl: unsubscribeUrl ?? '' },
      ),
    );
    if (unsubscribeUrl)
      rendered = { ...rendered, ...withUnsubscribeFooter(rendered, unsubscribeUrl) };
    // The links are recorded before the email leaves: its click links lead only to them.
    const untracked = unsubscribeUrl ? [unsubscribeUrl] : [];
    return {
      rendered,
      unsubscribeUrl,
      links: tracking ? trackedLinks(rendered.html, untracked) : [],
      html: tracking ? addTracking(rendered.html, tracking, messageId, untracked) : rendered.html,
    };
  };

  return {
    /**
     * Reads what it needs in one statement, renders, claims the message with its links in a
     * second, sends, and records the outcome (and the journey's end, when this was its last step)
     * in a third. A retry finds the claim and does what the first attempt left undone.
     */
    sendEmail: async (
      input: SendEmailInput & { finish?: EntryFinish },
    ): Promise<SendEmailResult> => {
      const messagingType = input.messagingType ?? 'promo';
      const message: NewMessage = {
        idempotencyKey: input.idempotencyKey,
        customerId: input.customerId,
        campaignId: input.campaignId,
        nodeId: input.nodeId,
        ...(input.test && { test: true }),
        channel: 'email',
        templateId: input.templateId,
        messagingType,
      };
      const { customer, template, reach, transactional, gateway, policy } = await readSendContext(
        db,
        {
          customerId: input.customerId,
          idempotencyKey: input.idempotencyKey,
          channel: 'email',
          messagingType,
          templateId: input.templateId,
          templateRevision: input.templateRevision,
        },
      );
      const ended = async (result: SendEmailResult) => {
        if (input.finish) await finishEntry(db, input.finish);
        return result;
      };
      // Not sent, for a reason that a retry would meet again: claimed with its outcome at once.
      const unsent = async (status: 'skipped' | 'failed', error: string) => {
        const row = await claimUnsent(db, message, status, error, input.stepsBefore);
        if (row) return ended({ messageId: row.id, status });
        const claim = await claimSend({ db, log }, message, input.stepsBefore);
        if (claim.settled) return ended(claim.settled);
        await setMessageStatus(db, claim.message.id, status, { error }, input.finish);
        return { messageId: claim.message.id, status };
      };

      if (!template) return unsent('failed', `template ${input.templateId} not found`);
      if (!customer?.email || !reach.ok)
        return unsent('skipped', reach.ok ? 'the customer has no email address' : reach.reason);
      const verdict = verdictFor(policy, { channel: 'email', messagingType }, customer.time_zone);
      if (!verdict.ok) return unsent('skipped', verdict.rule);
      const firstId: string = randomUUID();
      let email: Awaited<ReturnType<typeof render>>;
      try {
        email = await render(template, customer, firstId, input, transactional);
      } catch (err) {
        // The same template and profile would fail again: recorded, never retried.
        if (!(err instanceof TemplateError)) throw err;
        return unsent('failed', `template ${template.name}: ${err.message}`);
      }
      const claim = await claimSend({ db, log }, message, input.stepsBefore, {
        id: firstId,
        links: email.links,
      });
      if (claim.settled) return ended(claim.settled);
      const { id } = claim.message;
      if (!claim.fresh) {
        // A retry of an attempt that certainly did not send (it never reached its commit point):
        // rendered again for its own ID.
        await noteSendAttempt(db, id, null);
        if (id !== firstId) {
          email = await render(template, customer, id, input, transactional);
          await recordMessageLinks(db, id, email.links);
        }
      }
      const done = (status: SendOutcome) => ({ messageId: id, status });

      // The default email gateway; the worker's own SMTP transport when none is recorded yet.
      const resolved = gateway && (await gateways?.resolveRow('email', gateway));
      const via = {
        ...(resolved && { gatewayId: resolved.row.id }),
        sender: (resolved?.gateway ?? smtp).from,
      };
      await resolved?.throttle();
      const { rendered, unsubscribeUrl } = email;
      try {
        const sent = await (resolved?.gateway ?? smtp).send({
          to: customer.email,
          ...rendered,
          html: email.html,
          messageId: id,
          commit: commitPoint(db, id),
          ...(unsubscribeUrl && {
            headers: unsubscribeHeaders(unsubscribeUrl, tracking?.unsubscribeMailto),
          }),
        });
        await setMessageStatus(
          db,
          id,
          'sent',
          {
            toAddress: customer.email,
            subject: rendered.subject,
            providerMessageId: sent.providerMessageId,
            ...(sent.response !== undefined && { providerResponse: sent.response }),
            ...via,
          },
          input.finish,
        );
        return done('sent');
      } catch (err) {
        if (!(err instanceof SendFailure)) throw err;
        // Another attempt of this message is sending it: its outcome is the one to record.
        if (err.kind === 'superseded')
          throw ApplicationFailure.retryable(err.message, 'SupersededSend');
        if (err.kind === 'transient') {
          // Certainly not sent: leave the claim as "sending" with the error noted, so the retry sends.
          await noteSendAttempt(db, id, err.message);
          throw ApplicationFailure.retryable(err.message, 'TransientSendFailure');
        }
        const status = err.kind === 'permanent' ? 'failed' : 'unknown';
        // Refused at send time for the address itself: the address is invalid from now on.
        if (err.addressInvalid)
          await flagContactInvalid(db, input.customerId, 'email', customer.email);
        await setMessageStatus(
          db,
          id,
          status,
          {
            toAddress: customer.email,
            subject: rendered.subject,
            error: err.message,
            providerResponse: err.message,
            ...via,
          },
          input.finish,
        );
        return done(status);
      }
    },
  };
}
