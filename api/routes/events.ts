// POST /v1/events: one event, or a batch of up to 1000 as { "events": [...] }. In a batch each
// event stands alone: a bad one is reported by its index and never stops the good ones.
import { Router } from 'express';
import { EventBatch, EventInput } from '../../core/event.ts';
import { runBatch } from '../../entry/batch.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

export function eventsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    if (!(body && typeof body === 'object' && 'events' in body)) {
      const event = parseBody(EventInput, body, 'event');
      res.status(202).json(await openPipeline(deps).ingest(event));
      return;
    }
    const batch = parseBody(EventBatch, body, 'batch');
    const { status, body: answer } = await runBatch(deps, batch.events, {
      name: 'events',
      schema: EventInput,
      ingest: (pipeline, event, field) => pipeline.ingest(event, { field }),
      okStatus: 202,
    });
    res.status(status).json(answer);
  });
  return router;
}
