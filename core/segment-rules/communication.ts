// Conditions on what Herald sent and how customers answered: the contact-policy filters of the
// reference (messages in a channel and period, days since the last one, a mailing received,
// opened / clicked / bounced / unsubscribed) and campaign entries.
import { z } from 'zod';
import { AnyChannel } from './customer.ts';
import { Count, NumberTest, Period } from './tests.ts';

/**
 * How far a message got. `received`: sent (or further: delivered, opened, clicked); the others
 * are read from the message's status history.
 */
export const MessageOutcome = z.enum([
  'received',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'failed',
  'unsubscribed',
]);
export type MessageOutcome = z.infer<typeof MessageOutcome>;

/**
 * Messages on a channel (or any) in a period that reached an outcome, optionally of one campaign
 * or one mailing, counted: "received at least 3 SMS in the last 7 days", "opened mailing X".
 */
export const MessagesCondition = z.object({
  kind: z.literal('messages'),
  channel: AnyChannel.default('any'),
  outcome: MessageOutcome.default('received'),
  campaignId: z.uuid('a campaign ID').optional(),
  /** A mailing's messages are keyed `mailing:<id>:…` (DESIGN decision 4). */
  mailingId: z.string().min(1).max(200).optional(),
  test: Count,
  period: Period,
});
export type MessagesCondition = z.infer<typeof MessagesCondition>;

/** Days since the last message received on a channel; never contacted is "isNotSet". */
export const LastMessageCondition = z.object({
  kind: z.literal('lastMessage'),
  channel: AnyChannel.default('any'),
  days: NumberTest,
});
export type LastMessageCondition = z.infer<typeof LastMessageCondition>;

/** Entered a campaign N times in a period (any campaign when none is named). */
export const CampaignEntriesCondition = z.object({
  kind: z.literal('campaignEntries'),
  campaignId: z.uuid('a campaign ID').optional(),
  test: Count,
  period: Period,
});
export type CampaignEntriesCondition = z.infer<typeof CampaignEntriesCondition>;
