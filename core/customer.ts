// Customer profile payloads, shared by the api (validation, OpenAPI) and the web app.
import { z } from 'zod';

export const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'use an IANA time zone such as "Europe/Berlin"' },
);

/** Where a time zone came from: "given" by a caller, detected from the "phone" number's country
 * or the "city", or the "default" UTC. Detection never overwrites a given zone. */
export const TimeZoneSource = z.enum(['given', 'phone', 'city', 'default']);
export type TimeZoneSource = z.infer<typeof TimeZoneSource>;

export const Gender = z.enum(['female', 'male', 'other', 'unknown']);

/** Attributes a caller may set; every field optional so that upserts can send only changes. */
export const CustomerAttributes = z.object({
  // Trimmed before the check: a stray space from a form is noise, not a bad address.
  email: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.email('use a valid email address such as "ann@example.com"'),
    )
    .optional(),
  phone: z.string().min(3).max(32).optional(),
  firstName: z.string().max(200).optional(),
  lastName: z.string().max(200).optional(),
  gender: Gender.optional(),
  birthDate: z.iso.date('use a date such as "1990-04-30"').optional(),
  city: z.string().max(200).optional(),
  timeZone: TimeZone.optional(),
  locale: z.string().max(35).optional(),
  isTester: z.boolean().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  source: z.string().max(100).optional(),
});
export type CustomerAttributes = z.infer<typeof CustomerAttributes>;

export const CreateCustomer = CustomerAttributes.extend({
  externalId: z.string().min(1).max(200).optional(),
});
export type CreateCustomer = z.infer<typeof CreateCustomer>;

/** An address the customer can be reached at; `valid` is false for one that failed its check. */
export const Contact = z.object({
  channel: z.string(),
  address: z.string(),
  valid: z.boolean(),
  /** An sms contact's mobile operator, where the carrier data knows the number's range. */
  carrier: z.string().optional(),
});
export type Contact = z.infer<typeof Contact>;

/** A stored customer. The data-quality fields are read-only: Herald derives them on ingestion. */
export const Customer = CreateCustomer.extend({
  id: z.uuid(),
  externalId: z.string().nullable(),
  timeZone: z.string(),
  timeZoneSource: TimeZoneSource,
  /** "Gmail", "Outlook"... or the email's domain. */
  emailProvider: z.string().optional(),
  /** Country (ISO 3166) and line type of a valid phone number, stored in E.164. */
  phoneCountry: z.string().optional(),
  phoneType: z.string().optional(),
  /** The mobile operator the phone's range was assigned to ("T-Mobile"), where known. */
  phoneCarrier: z.string().optional(),
  contacts: z.array(Contact).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;
