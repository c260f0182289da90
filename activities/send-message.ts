// The multi-channel send used by a cascade ("push, else SMS, else email"). Email goes through the
// email activity; the other channels answer "skipped" until their gateways land, so a cascade
// falls through to a channel that can deliver, with the reason recorded on each message.
import type { Channel } from '../core/channels.ts';
import { claimMessage, setMessageStatus } from '../db/messages.ts';
import { reachability } from '../db/reachability.ts';
import type { ActivityDeps } from './deps.ts';
import type { SendEmailInput, SendEmailResult } from './send-email.ts';

export interface SendMessageInput extends SendEmailInput {
  channel: Channel;
  sender?: string;
}

export function sendMessageActivities(
  { db }: Pick<ActivityDeps, 'db'>,
  sendEmail: (input: SendEmailInput) => Promise<SendEmailResult>,
) {
  return {
    sendMessage: async (input: SendMessageInput): Promise<SendEmailResult> => {
      if (input.channel === 'email') return sendEmail(input);
      const { row, fresh } = await claimMessage(
        db,
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
      if (!fresh && row.status !== 'sending') return { messageId: row.id, status: row.status };
      const reach = await reachability(db, input.customerId, input.channel, input.messagingType);
      const error = reach.ok ? `no ${input.channel} gateway is configured` : reach.reason;
      await setMessageStatus(db, row.id, 'skipped', {
        error,
        ...(reach.ok && { toAddress: reach.address }),
      });
      return { messageId: row.id, status: 'skipped' };
    },
  };
}
