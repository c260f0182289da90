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

export const Gender = z.enum(['female', 'male', 'other', 'unknown']);

/** Attributes a caller may set; every field optional so that upserts can send only changes. */
export const CustomerAttributes = z.object({
  email: z.email('use a valid email address such as "ann@example.com"').optional(),
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

export const Customer = CreateCustomer.extend({
  id: z.uuid(),
  externalId: z.string().nullable(),
  timeZone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;
