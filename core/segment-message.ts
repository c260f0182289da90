// Segment's tracking spec as the SDKs send it (analytics-node, analytics.js, RudderStack's SDKs):
// one message of six types, alone or in a batch. Read leniently where the SDKs differ (analytics.js
// sends `userId: null` for an anonymous visitor, RudderStack sends `originalTimestamp` and no
// `timestamp`, older libraries send numeric IDs), strictly where Herald would store nonsense.
import { z } from 'zod';

export const SEGMENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export const SegmentType = z.enum(SEGMENT_TYPES, {
  message: 'use "identify", "track", "page", "screen", "group" or "alias"',
});
export type SegmentType = z.infer<typeof SegmentType>;

/** null and "" mean "not sent" to the SDKs; both are left out here. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

/** An ID: the spec says string, but libraries have long accepted numbers too. */
const Id = (what: string) =>
  optional(
    z
      .union([z.string(), z.number()], { message: `send ${what} as a string` })
      .transform(String)
      .pipe(z.string().max(200, `keep ${what} to 200 characters`)),
  );

/** A time in any form Date.parse reads ("2026-12-05T10:00:00.000Z" is what the SDKs send). */
const SegmentTime = optional(
  z
    .string({ message: 'send an ISO 8601 time such as "2026-12-05T10:00:00.000Z"' })
    .refine((s) => {
      const d = new Date(s);
      return !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999;
    }, 'send an ISO 8601 time such as "2026-12-05T10:00:00.000Z"')
    .transform((s) => new Date(s).toISOString()),
);

const Dictionary = optional(
  z.record(z.string(), z.unknown(), { message: 'send an object of names and values' }),
);

export const SegmentMessage = z
  .object({
    type: SegmentType,
    /** The idempotency key: a message delivered again with the same ID counts once. */
    messageId: Id('messageId'),
    userId: Id('userId'),
    anonymousId: Id('anonymousId'),
    /** track: the event's name, e.g. "Order Completed". */
    event: optional(z.string().max(200, 'keep event names to 200 characters')),
    /** page and screen: the page's or screen's name. */
    name: optional(z.string().max(500)),
    category: optional(z.string().max(500)),
    groupId: Id('groupId'),
    previousId: Id('previousId'),
    properties: Dictionary,
    traits: Dictionary,
    context: Dictionary,
    timestamp: SegmentTime,
    originalTimestamp: SegmentTime,
    sentAt: SegmentTime,
  })
  .superRefine((m, ctx) => {
    const need = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (m.type === 'alias') {
      if (!m.userId) need('userId', 'alias names the known user as userId');
      if (!m.previousId)
        need('previousId', 'alias names the earlier ID (an anonymousId) as previousId');
    } else if (!m.userId && !m.anonymousId)
      need('userId', 'name the person with userId, anonymousId or both');
    if (m.type === 'track' && !m.event)
      need('event', 'a track call names its event, e.g. "Order Completed"');
    if (m.type === 'group' && !m.groupId)
      need('groupId', 'a group call names the group as groupId');
  });
export type SegmentMessage = z.infer<typeof SegmentMessage>;

/**
 * The body of /v1/batch: messages, plus a `context` and `integrations` that apply to every one of
 * them (the HTTP API allows both at the top), and the batch's `sentAt` for clock correction.
 */
export const SegmentBatch = z.object({
  batch: z
    .array(z.unknown(), { message: 'send the messages as "batch": [...]' })
    .min(1, 'send at least one message'),
  context: Dictionary,
  sentAt: SegmentTime,
  writeKey: z.unknown().optional(),
});
export type SegmentBatch = z.infer<typeof SegmentBatch>;

/**
 * When the message happened. `timestamp` as sent; else `originalTimestamp` (the device's clock)
 * corrected by how far that clock was from the api's when it sent the batch, as Segment does.
 */
export function occurredAt(
  m: SegmentMessage,
  receivedAt: Date,
  batchSentAt?: string,
): string | undefined {
  if (m.timestamp) return m.timestamp;
  if (!m.originalTimestamp) return undefined;
  const sentAt = m.sentAt ?? batchSentAt;
  if (!sentAt) return m.originalTimestamp;
  const skew = receivedAt.getTime() - new Date(sentAt).getTime();
  const corrected = new Date(new Date(m.originalTimestamp).getTime() + skew);
  // A clock off by centuries is no clock: keep what the device said.
  const year = corrected.getUTCFullYear();
  return year >= 1 && year <= 9999 ? corrected.toISOString() : m.originalTimestamp;
}
