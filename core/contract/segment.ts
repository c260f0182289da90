// Segment-compatible sources (docs/segment.md): the write key the SDKs send, the webhook
// destination's secret, and what each message became.
import { z } from 'zod';
import { SegmentType } from '../segment-message.ts';
import { BatchResult, Timestamp } from './common.ts';

export const CreateSegmentSource = z.object({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,62}$/,
      'use lower-case letters, digits, "-" or "_" (it is in the webhook URL)',
    ),
});
export type CreateSegmentSource = z.infer<typeof CreateSegmentSource>;

export const SegmentSource = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.optional(),
  revoked: z.boolean(),
});
export type SegmentSource = z.infer<typeof SegmentSource>;

/** The write key and the webhook secret are shown here once; Herald keeps neither readable key. */
export const SegmentSourceCreated = z.object({
  source: SegmentSource,
  writeKey: z.string(),
  webhookSecret: z.string(),
  /** What to give the SDKs (host and path) and Segment's webhook destination (URL). */
  endpoints: z.object({
    host: z.string(),
    batchPath: z.string(),
    dataPlaneUrl: z.string(),
    webhookUrl: z.string(),
  }),
  note: z.string(),
});
export type SegmentSourceCreated = z.infer<typeof SegmentSourceCreated>;

export const SegmentSources = z.object({ sources: z.array(SegmentSource) });
export type SegmentSources = z.infer<typeof SegmentSources>;

/** What one message became. */
export const SegmentResult = z.object({
  type: SegmentType,
  customerId: z.uuid(),
  duplicate: z.boolean(),
  eventId: z.uuid().optional(),
  receiptId: z.uuid().optional(),
  eventsMerged: z.number().optional(),
});
export type SegmentResult = z.infer<typeof SegmentResult>;

/** One message accepted; `success` as Segment's API answers, for clients that read it. */
export const SegmentAccepted = SegmentResult.extend({ success: z.literal(true) });
export type SegmentAccepted = z.infer<typeof SegmentAccepted>;

export const SegmentBatchResult = BatchResult(SegmentResult).extend({ success: z.boolean() });
export type SegmentBatchResult = z.infer<typeof SegmentBatchResult>;

export const SegmentWebhookParams = z.object({ source: z.string().min(1).max(200) });
export type SegmentWebhookParams = z.infer<typeof SegmentWebhookParams>;
