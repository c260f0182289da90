// Privacy, under /v1/customers/{id}: the data export, erasure, and consents.
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const ConsentInput = z.object({
  channel: z.enum(['email', 'sms', 'push', 'viber', 'webhook'], {
    message: 'use a channel: email, sms, push, viber or webhook',
  }),
  messagingType: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'use a messaging type such as "promo" or "service"'),
  subscribed: z.boolean({ message: 'send subscribed: true or false' }),
  /** Where the consent was given: "signup-form", "unsubscribe-link", "support"... */
  source: z.string().min(1, 'say where the consent was given, e.g. "signup-form"').max(200),
});
export type ConsentInput = z.infer<typeof ConsentInput>;

export const Consent = z.object({
  channel: z.string(),
  messagingType: z.string(),
  subscribed: z.boolean(),
  source: z.string().nullable(),
  at: Timestamp,
});
export type Consent = z.infer<typeof Consent>;

export const Consents = z.object({ subscriptions: z.array(Consent), history: z.array(Consent) });
export type Consents = z.infer<typeof Consents>;

export const ConsentRecorded = Consents.extend({
  changed: z.boolean(),
  /** The subscription_changed event a change stored. */
  eventId: z.uuid().optional(),
});
export type ConsentRecorded = z.infer<typeof ConsentRecorded>;

/** Everything Herald holds about the customer, by table, as stored. */
export const CustomerExport = z.object({
  exportedAt: Timestamp,
  customerId: z.uuid(),
  data: z.record(z.string(), z.unknown()),
});
export type CustomerExport = z.infer<typeof CustomerExport>;

export const Erasure = z.object({
  customerId: z.uuid(),
  erased: z.literal(true),
  journeysEnded: z.number(),
  note: z.string(),
});
export type Erasure = z.infer<typeof Erasure>;
