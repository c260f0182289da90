// POST /v1/events: one event, or a batch of up to 1000 as { "events": [...] }. In a batch each
// event stands alone: a bad one is reported by its index and never stops the good ones.
import { z } from 'zod';
import { ApiError } from '../../core/contract/common.ts';
import { EventBatchResult, IngestResult, PostEvents } from '../../core/contract/events.ts';
import { EventBatch, EventInput } from '../../core/event.ts';
import { runBatch } from '../../entry/batch.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import { batchReply, reply, route } from '../route.ts';
import { parseBody } from '../validate.ts';

/** One event's answer, or a whole batch's when every event of it was accepted. */
export const Accepted = {
  schema: z.union([IngestResult, EventBatchResult]),
  description: 'Accepted: one event, or every event of the batch',
};

export const eventRoutes = [
  route({
    method: 'post',
    path: '/v1/events',
    permission: 'events:write',
    summary: 'Post one event, or a batch as { events: [...] }; events start and reach journeys',
    // The "events" key tells a batch from one event, so a bad event's own fields are named.
    unparsedBody: { contentType: 'application/json', schema: PostEvents },
    responses: {
      202: Accepted,
      207: EventBatchResult,
      400: {
        schema: z.union([ApiError, EventBatchResult]),
        description: 'Bad input, or every event of the batch was rejected',
      },
    },
    errors: [503],
    handler: async ({ body, deps }) => {
      if (!(body && typeof body === 'object' && 'events' in body))
        return reply(202, await openPipeline(deps).ingest(parseBody(EventInput, body, 'event')));
      const batch = parseBody(EventBatch, body, 'batch');
      return batchReply<EventBatchResult>(
        202,
        await runBatch(deps, batch.events, {
          name: 'events',
          schema: EventInput,
          ingest: (pipeline, event, field) => pipeline.ingest(event, { field }),
          okStatus: 202,
        }),
      );
    },
  }),
];
