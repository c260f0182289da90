// Event payloads. An event names its customer by Herald ID or by the caller's external ID;
// with an external ID it may also carry attributes, so that "signed_up" can create the profile.
import { z } from 'zod';
import { CustomerAttributes } from './customer.ts';

export const EventType = z
  .string()
  .min(1, 'name the event type, e.g. "signed_up"')
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, "_", ".", ":" or "-" in event types');

/**
 * A moment as ISO 8601, kept as the same instant in UTC: Postgres takes offsets of at most
 * ±15:59 and no year 0, both of which ISO 8601 allows.
 */
export const IsoTime = (message = 'use an ISO 8601 time such as "2026-11-24T10:00:00Z"') =>
  z.iso
    .datetime({ offset: true, message })
    .transform((s) => new Date(s))
    .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, message)
    .transform((d) => d.toISOString());

export const EventInput = z
  .object({
    customerId: z.uuid('customerId must be a Herald customer ID (a UUID)').optional(),
    externalId: z.string().min(1).max(200).optional(),
    customer: CustomerAttributes.optional(),
    type: EventType,
    properties: z.record(z.string(), z.unknown()).default({}),
    occurredAt: IsoTime().optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .refine((e) => e.customerId !== undefined || e.externalId !== undefined, {
    message: 'name the customer with customerId or externalId',
    path: ['customerId'],
  });
export type EventInput = z.infer<typeof EventInput>;

export const MAX_BATCH = 1000;
export const EventBatch = z.object({
  events: z
    .array(z.unknown())
    .min(1, 'send at least one event')
    .max(MAX_BATCH, `send at most ${MAX_BATCH} events per batch`),
});

export const StoredEvent = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  type: z.string(),
  properties: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});
export type StoredEvent = z.infer<typeof StoredEvent>;
