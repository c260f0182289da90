// The multi-channel send used by a cascade ("push, else SMS, else email"). Email goes through the
// email activity, SMS through the channel's gateway; a channel without a valid address, with an
// unsubscribe, or without a gateway is skipped with its reason, so the cascade falls through to a
// channel that can deliver.
import { ApplicationFailure } from '@temporalio/activity';
import type { Channel } from '../core/channels.ts';
import { renderText } from '../core/message-text.ts';
import { TemplateError } from '../core/templates.ts';
import { getCustomer, profileVariables } from '../db/customers.ts';
import { flagContactInvalid, recordParts } from '../db/delivery.ts';
import { noteSendAttempt, setMessageStatus } from '../db/messages.ts';
import { reachability } from '../db/reachability.ts';
import { getTemplate } from '../db/templates.ts';
import { SendFailure } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';
import { claimSend, type SendOutcome, type SendResult } from './send-claim.ts';
import type { SendEmailInput } from './send-email.ts';

export interface SendMessageInput extends SendEmailInput {
  channel: Channel;
  /** The sender the step names; the gateway's first sender otherwise. */
  sender?: string;
}

export function sendMessageActivities(
  deps: Pick<ActivityDeps, 'db' | 'log' | 'gateways'>,
  sendEmail: (input: SendEmailInput) => Promise<SendResult>,
) {
  const { db } = deps;
  return {
    sendMessage: async (input: SendMessageInput): Promise<SendResult> => {
      if (input.channel === 'email') return sendEmail(input);
      const claim = await claimSend(
        deps,
        {
          idempotencyKey: input.idempotencyKey,
          customerId: input.customerId,
          campaignId: input.campaignId,
          nodeId: input.nodeId,
          channel: input.channel,
          templateId: input.templateId,
        },
        input.stepsBefore,
      );
      if (claim.settled) return claim.settled;
      const { message, fresh } = claim;
      const finish = async (
        status: SendOutcome,
        details: Parameters<typeof setMessageStatus>[3],
      ): Promise<SendResult> => {
        await setMessageStatus(db, message.id, status, details);
        return { messageId: message.id, status };
      };

      const profile = getCustomer(db, input.customerId);
      const [customer, template, reach] = await Promise.all([
        profile,
        getTemplate(db, input.templateId),
        reachability(db, input.customerId, input.channel, input.messagingType, profile),
      ]);
      if (!reach.ok) return finish('skipped', { error: reach.reason });
      const toAddress = reach.address;
      const resolved = input.channel === 'sms' ? await deps.gateways?.resolve('sms') : undefined;
      if (!resolved)
        return finish('skipped', { error: `no ${input.channel} gateway is configured`, toAddress });
      if (!template)
        return finish('failed', { error: `template ${input.templateId} not found`, toAddress });
      let text: string;
      try {
        text = await renderText(template.body, {
          customer: customer ? profileVariables(customer) : {},
          event: input.event ?? {},
        });
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        return finish('failed', { error: `template ${template.name}: ${err.message}`, toAddress });
      }
      const sender = input.sender ?? resolved.row.senders[0];
      const via = { toAddress, gatewayId: resolved.row.id, ...(sender && { sender }) };

      if (!fresh) await noteSendAttempt(db, message.id, null);
      await resolved.throttle();
      try {
        const sent = await resolved.gateway.send({
          to: toAddress,
          from: sender,
          text,
          messageId: message.id,
        });
        // The parts' IDs and "sent" together: a delivery report finds the message as soon as
        // it can arrive (entry/delivery-reports.ts waits briefly for this commit).
        await db.transaction(async (trx) => {
          await recordParts(trx, message.id, resolved.row.id, sent.providerMessageIds);
          await setMessageStatus(trx, message.id, 'sent', {
            ...via,
            providerMessageId: sent.providerMessageIds[0],
            providerResponse: sent.response,
            parts: sent.providerMessageIds.length,
          });
        });
        return { messageId: message.id, status: 'sent' };
      } catch (err) {
        if (!(err instanceof SendFailure)) throw err;
        if (err.kind === 'transient') {
          // Certainly not sent: the claim stays "sending" with the error noted; the retry sends.
          await noteSendAttempt(db, message.id, err.message);
          throw ApplicationFailure.retryable(err.message, 'TransientSendFailure');
        }
        if (err.addressInvalid)
          await flagContactInvalid(db, input.customerId, input.channel, toAddress);
        return finish(err.kind === 'permanent' ? 'failed' : 'unknown', {
          ...via,
          error: err.message,
          providerResponse: err.message,
        });
      }
    },
  };
}
