// The multi-channel send used by a cascade ("push, else SMS, else email"). Email goes through the
// email activity, SMS and push through the channel's gateway (push: one that reaches the
// platform of the customer's device seen last, activities/send-push.ts); a channel without a valid address, with an
// unsubscribe, or without a gateway is skipped with its reason, so the cascade falls through to a
// channel that can deliver.
import { ApplicationFailure } from '@temporalio/activity';
import type { Channel } from '../core/channels.ts';
import type { RenderedChannelMessage } from '../core/channel-templates.ts';
import { TemplateError } from '../core/templates.ts';
import { getCustomer, profileVariables } from '../db/customers.ts';
import { flagContactInvalid, recordParts } from '../db/delivery.ts';
import { deactivateDevice } from '../db/devices.ts';
import { noteSendAttempt, setMessageStatus } from '../db/messages.ts';
import { reachability } from '../db/reachability.ts';
import { templateForSend } from '../db/template-revisions.ts';
import { channelRenderer, pushOf, viberOf } from './channel-message.ts';
import { SendFailure, type SmsGateway, type ViberGateway } from './channels/gateway.ts';
import type { ActivityDeps } from './deps.ts';
import { claimSend, type SendOutcome, type SendResult } from './send-claim.ts';
import { pushRoute } from './send-push.ts';
import { contactPolicyCheck } from './contact-policy-check.ts';
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
  const renderer = channelRenderer(db);

  /**
   * Sends through a gateway and records the outcome: "sent" with the provider's IDs (and the
   * parts' IDs in the same commit, so a delivery report finds the message as soon as it can
   * arrive); a transient failure retried (the claim keeps its error: certainly not sent); a
   * permanent one failed, flagging the address when the provider refused the address itself.
   */
  async function deliver(
    messageId: string,
    input: SendMessageInput,
    via: { gatewayId: string; toAddress: string; sender?: string },
    /** push: the device whose token the provider may refuse (it is then deactivated). */
    deviceId: string | undefined,
    send: () => Promise<{ parts?: string[]; providerMessageId?: string; providerResponse: string }>,
  ): Promise<SendResult> {
    try {
      const sent = await send();
      await db.transaction(async (trx) => {
        if (sent.parts) await recordParts(trx, messageId, via.gatewayId, sent.parts);
        await setMessageStatus(trx, messageId, 'sent', {
          ...via,
          ...(sent.providerMessageId && { providerMessageId: sent.providerMessageId }),
          providerResponse: sent.providerResponse,
          ...(sent.parts && { parts: sent.parts.length }),
        });
      });
      return { messageId, status: 'sent' };
    } catch (err) {
      if (!(err instanceof SendFailure)) throw err;
      if (err.kind === 'transient') {
        await noteSendAttempt(db, messageId, err.message);
        throw ApplicationFailure.retryable(err.message, 'TransientSendFailure');
      }
      if (err.addressInvalid && deviceId) await deactivateDevice(db, deviceId, err.message);
      else if (err.addressInvalid)
        await flagContactInvalid(db, input.customerId, input.channel, via.toAddress);
      const status = err.kind === 'permanent' ? 'failed' : 'unknown';
      await setMessageStatus(db, messageId, status, {
        ...via,
        error: err.message,
        providerResponse: err.message,
      });
      return { messageId, status };
    }
  }

  /**
   * Sends a message already claimed (status "sending"): a journey's claimed just now by
   * sendMessage; a mailing's claimed with the rest of its batch (activities/mailings.ts). Not
   * `fresh`: an earlier attempt noted a failure, so it certainly did not send.
   */
  async function sendClaimed(
    message: { id: string },
    fresh: boolean,
    input: SendMessageInput,
  ): Promise<SendResult> {
    const finish = async (
      status: SendOutcome,
      details: Parameters<typeof setMessageStatus>[3],
    ): Promise<SendResult> => {
      await setMessageStatus(db, message.id, status, details);
      return { messageId: message.id, status };
    };

    const profile = getCustomer(db, input.customerId);
    // A webhook goes to the business's own system, not to the customer: no address, no consent.
    const webhook = input.channel === 'webhook';
    const [customer, template, reach, policy] = await Promise.all([
      profile,
      // The revision the campaign version pinned, else the published one: never the draft.
      templateForSend(db, input.templateId, input.templateRevision),
      webhook
        ? undefined
        : reachability(db, input.customerId, input.channel, input.messagingType, profile),
      webhook ? undefined : contactPolicyCheck(db, input, profile),
    ]);
    if (reach && !reach.ok) return finish('skipped', { error: reach.reason });
    if (policy && !policy.ok) return finish('skipped', { error: policy.rule });
    /** The message as the editor's preview renders it; a TemplateError is returned, not thrown. */
    const render = (): Promise<RenderedChannelMessage | TemplateError> =>
      renderer(template!, customer, input.event ?? {}).catch((err: unknown) => {
        if (err instanceof TemplateError) return err;
        throw err;
      });
    if (webhook) {
      const hook = await deps.gateways?.resolve('webhook');
      if (!hook) return finish('skipped', { error: 'no webhook gateway is configured' });
      const variables = {
        customer: customer ? profileVariables(customer) : {},
        event: input.event ?? {},
      };
      const rendered = template ? await render() : undefined;
      const text = rendered && !(rendered instanceof TemplateError) ? rendered.text : '';
      const via = { gatewayId: hook.row.id, toAddress: new URL(hook.gateway.url).host };
      if (!fresh) await noteSendAttempt(db, message.id, null);
      await hook.throttle();
      return deliver(message.id, input, via, undefined, async () => {
        const sent = await hook.gateway.send({
          messageId: message.id,
          payload: {
            type: 'herald.message',
            messageId: message.id,
            customerId: input.customerId,
            campaignId: input.campaignId ?? null,
            nodeId: input.nodeId ?? null,
            text,
            ...variables,
          },
        });
        return { providerResponse: sent.response };
      });
    }
    const toAddress = reach!.address;
    if (input.channel === 'push') {
      const push = await pushRoute(deps, input.customerId, toAddress);
      if (!push.resolved) return finish('skipped', { error: push.skipped, toAddress });
      if (!template)
        return finish('failed', { error: `template ${input.templateId} not found`, toAddress });
      const rendered = await render();
      if (rendered instanceof TemplateError)
        return finish('failed', {
          error: `template ${template.name}: ${rendered.message}`,
          toAddress,
        });
      const via = { toAddress, gatewayId: push.resolved.row.id };
      if (!fresh) await noteSendAttempt(db, message.id, null);
      await push.resolved.throttle();
      return deliver(message.id, input, via, push.device.id, async () => {
        const sent = await push.resolved.gateway.send({
          ...pushOf(rendered),
          token: push.device.token,
          platform: push.device.platform,
          ...(push.device.app_id && { appId: push.device.app_id }),
          messageId: message.id,
        });
        return {
          // Recorded as the one part, so a provider's receipt (Huawei's requestId) finds it.
          ...(sent.providerMessageId && {
            providerMessageId: sent.providerMessageId,
            parts: [sent.providerMessageId],
          }),
          providerResponse: sent.response,
        };
      });
    }
    const resolved =
      input.channel === 'sms' || input.channel === 'viber'
        ? await deps.gateways?.resolve(input.channel)
        : undefined;
    if (!resolved)
      return finish('skipped', { error: `no ${input.channel} gateway is configured`, toAddress });
    if (!template)
      return finish('failed', { error: `template ${input.templateId} not found`, toAddress });
    const rendered = await render();
    if (rendered instanceof TemplateError)
      return finish('failed', {
        error: `template ${template.name}: ${rendered.message}`,
        toAddress,
      });
    const sender = input.sender ?? resolved.row.senders[0];
    const via = { toAddress, gatewayId: resolved.row.id, ...(sender && { sender }) };

    if (!fresh) await noteSendAttempt(db, message.id, null);
    await resolved.throttle();
    if (input.channel === 'viber')
      return deliver(message.id, input, via, undefined, async () => {
        const viber = resolved.gateway as ViberGateway;
        const sent = await viber.send({
          to: toAddress,
          from: sender,
          ...viberOf(rendered),
          messageId: message.id,
        });
        return {
          parts: [sent.providerMessageId],
          providerMessageId: sent.providerMessageId,
          providerResponse: sent.response,
        };
      });
    return deliver(message.id, input, via, undefined, async () => {
      const sent = await (resolved.gateway as SmsGateway).send({
        to: toAddress,
        from: sender,
        text: rendered.text,
        messageId: message.id,
      });
      return {
        parts: sent.providerMessageIds,
        providerMessageId: sent.providerMessageIds[0],
        providerResponse: sent.response,
      };
    });
  }

  return {
    sendClaimed,
    sendMessage: async (input: SendMessageInput): Promise<SendResult> => {
      if (input.channel === 'email') return sendEmail(input);
      const claim = await claimSend(
        deps,
        {
          idempotencyKey: input.idempotencyKey,
          customerId: input.customerId,
          campaignId: input.campaignId,
          nodeId: input.nodeId,
          ...(input.test && { test: true }),
          channel: input.channel,
          templateId: input.templateId,
        },
        input.stepsBefore,
      );
      if (claim.settled) return claim.settled;
      return sendClaimed(claim.message, claim.fresh, input);
    },
  };
}
