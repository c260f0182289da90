// Messaging types: what customers subscribe to and leave, per channel (issue 14).
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const MessagingTypeKey = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'use a key such as "promo" or "service": a-z, 0-9, _ and -')
  .refine((k) => k !== 'all', '"all" means every type in a consent; choose another key');

export const MessagingTypeInput = z.object({
  /** What the preference page shows the customer. */
  name: z.string().trim().min(1, 'give the type a name customers understand').max(100),
  description: z.string().max(500).nullish(),
  /** Sent whatever the customer unsubscribed from, without an unsubscribe link: receipts, password resets. */
  transactional: z.boolean().default(false),
});
export type MessagingTypeInput = z.infer<typeof MessagingTypeInput>;

export const MessagingType = MessagingTypeInput.extend({
  key: z.string(),
  description: z.string().nullable(),
  createdAt: Timestamp,
});
export type MessagingType = z.infer<typeof MessagingType>;

export const MessagingTypes = z.object({ messagingTypes: z.array(MessagingType) });
export type MessagingTypes = z.infer<typeof MessagingTypes>;
export const MessagingTypeAnswer = z.object({ messagingType: MessagingType });
export type MessagingTypeAnswer = z.infer<typeof MessagingTypeAnswer>;
export const MessagingTypeParams = z.object({ key: MessagingTypeKey });
