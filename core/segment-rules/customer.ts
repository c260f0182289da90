// Conditions on the customer's own record: attributes and custom fields, contacts and consents.
import { z } from 'zod';
import { Channel } from '../channels.ts';
import { ATTRIBUTE_FIELDS, type AttributeField } from './fields.ts';
import { BooleanTest, TextTest, ValueTest } from './tests.ts';
import { checkOperator } from './typed.ts';

const fieldNames = Object.keys(ATTRIBUTE_FIELDS) as [AttributeField, ...AttributeField[]];

/** A standard attribute ("city" equals "Novosibirsk", "age" gte 30, "birthDate" anniversaryInNext 7). */
export const AttributeCondition = z
  .object({
    kind: z.literal('attribute'),
    field: z.enum(fieldNames, { error: `pick one of ${fieldNames.join(', ')}` }),
    test: ValueTest,
  })
  .superRefine((c, ctx) => checkOperator(c.test, ATTRIBUTE_FIELDS[c.field]?.type, c.field, ctx));
export type AttributeCondition = z.infer<typeof AttributeCondition>;

/** The key of a custom field an admin defined (its type, which the api checks the test against). */
export const CustomFieldKey = z
  .string()
  .min(1, 'name the custom field, e.g. "tier"')
  .max(100, 'at most 100 characters');

/** A custom field of the customer (`custom.tier` equals "gold"). */
export const CustomFieldCondition = z.object({
  kind: z.literal('customField'),
  key: CustomFieldKey,
  test: ValueTest,
});
export type CustomFieldCondition = z.infer<typeof CustomFieldCondition>;

/** A custom field of a receipt or a receipt line, inside a receipts or lines condition. */
export const CustomFilter = z.object({ key: CustomFieldKey, test: ValueTest });
export type CustomFilter = z.infer<typeof CustomFilter>;

export const AnyChannel = z.union([Channel, z.literal('any')]);
export type AnyChannel = z.infer<typeof AnyChannel>;

/** Has a contact on the channel (any channel), optionally valid or invalid only. */
export const ContactCondition = z.object({
  kind: z.literal('contact'),
  channel: AnyChannel,
  /** isTrue: a valid one; isFalse: an invalid one; isSet (default): any; isNotSet: none at all. */
  valid: BooleanTest.default({ op: 'isSet' }),
  /** The contact's mobile operator, for sms contacts. */
  carrier: TextTest.optional(),
});
export type ContactCondition = z.infer<typeof ContactCondition>;

/**
 * Consent on a channel for a messaging type ("promo"; "any" reads every type). `subscribed`: a
 * recorded yes; `unsubscribed`: a recorded no; `unknown`: nothing recorded. A record for the
 * type "all" counts for every type.
 */
export const SubscriptionCondition = z.object({
  kind: z.literal('subscription'),
  channel: AnyChannel,
  messagingType: z.string().min(1, 'name the messaging type, e.g. "promo"').max(100).default('any'),
  status: z.enum(['subscribed', 'unsubscribed', 'unknown']).default('subscribed'),
});
export type SubscriptionCondition = z.infer<typeof SubscriptionCondition>;
