// Event payloads. An event names its customer by Herald ID or by the caller's external ID;
// with an external ID it may also carry attributes, so that "signed_up" can create the profile.
import { z } from 'zod';
import { CustomerAttributes } from './customer.ts';

export const EventType = z
  .string()
  .min(1, 'name the event type, e.g. "signed_up"')
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, "_", ".", ":" or "-" in event types');

export const EventInput = z
  .object({
    customerId: z.uuid('customerId must be a Herald customer ID (a UUID)').optional(),
    externalId: z.string().min(1).max(200).optional(),
    customer: CustomerAttributes.optional(),
    type: EventType,
    properties: z.record(z.string(), z.unknown()).default({}),
    occurredAt: z.iso
      .datetime({ offset: true, message: 'use an ISO 8601 time such as "2026-11-24T10:00:00Z"' })
      .optional(),
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
