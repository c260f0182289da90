// POST /v1/events and the webhook receiver: one event or a batch in, what became of each out.
import { z } from 'zod';
import { EventBatch, EventInput } from '../event.ts';
import { BatchResult } from './common.ts';

/** One event, or `{ events: [...] }`; the route tells them apart by the "events" key. */
export const PostEvents = z.union([EventInput, EventBatch]);
export type PostEvents = z.infer<typeof PostEvents>;

export const StartedJourney = z.object({
  campaignId: z.uuid(),
  version: z.number(),
  workflowId: z.string(),
});
export type StartedJourney = z.infer<typeof StartedJourney>;

/** What happened to one event: stored (or a duplicate of one), and the journeys it reached. */
export const IngestResult = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  duplicate: z.boolean(),
  journeysStarted: z.array(StartedJourney),
  journeysSignalled: z.number(),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const EventBatchResult = BatchResult(IngestResult);
export type EventBatchResult = z.infer<typeof EventBatchResult>;

/** A single event a webhook delivered; a batch is answered as POST /v1/events answers one. */
export const WebhookAccepted = IngestResult.extend({ status: z.literal('accepted') });
export type WebhookAccepted = z.infer<typeof WebhookAccepted>;

/** What a webhook may post: one event, an array of them, or `{ events: [...] }`. */
export const WebhookBody = z.union([EventInput, z.array(z.unknown()), EventBatch]);
export type WebhookBody = z.infer<typeof WebhookBody>;

export const WebhookParams = z.object({ source: z.string().min(1).max(200) });
export type WebhookParams = z.infer<typeof WebhookParams>;
