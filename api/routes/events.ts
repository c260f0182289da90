// POST /v1/events: one event, or a batch of up to 1000 as { "events": [...] }. In a batch each
// event stands alone: a bad one is reported by its index and never stops the good ones.
import { Router } from 'express';
import pMap from 'p-map';
import { EventBatch, EventInput } from '../../core/event.ts';
import { HeraldError } from '../../core/errors.ts';
import type { ApiDeps } from '../deps.ts';
import { ingestEvent, type IngestResult } from '../ingest.ts';
import { parseBody, zodProblems } from '../validate.ts';

type BatchItem =
  | ({ index: number; status: 'accepted' } & IngestResult)
  | {
      index: number;
      status: 'rejected';
      error: { code: string; message: string; problems: unknown[] };
    };

export function eventsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body: unknown = req.body;
    if (!(body && typeof body === 'object' && 'events' in body)) {
      const event = parseBody(EventInput, body, 'event');
      res.status(202).json(await ingestEvent(deps, event));
      return;
    }
    const batch = parseBody(EventBatch, body, 'batch');
    const results = new Array<BatchItem>(batch.events.length);
    const byCustomer = new Map<string, { index: number; event: EventInput }[]>();
    batch.events.forEach((raw, index) => {
      const parsed = EventInput.safeParse(raw);
      if (!parsed.success) {
        const problems = zodProblems(parsed.error, `events.${index}`);
        results[index] = {
          index,
          status: 'rejected',
          error: { code: 'bad_request', message: 'invalid event', problems },
        };
        return;
      }
      const key = parsed.data.externalId
        ? `x:${parsed.data.externalId}`
        : `id:${parsed.data.customerId}`;
      const group = byCustomer.get(key) ?? [];
      group.push({ index, event: parsed.data });
      byCustomer.set(key, group);
    });
    // Customers in parallel, 8 at a time; each customer's events in the order they were sent.
    const ingestOne = async ({ index, event }: { index: number; event: EventInput }) => {
      try {
        results[index] = {
          index,
          status: 'accepted',
          ...(await ingestEvent(deps, event, `events.${index}.`)),
        };
      } catch (err) {
        if (!(err instanceof HeraldError)) throw err;
        results[index] = {
          index,
          status: 'rejected',
          error: { code: err.code, message: err.message, problems: err.problems },
        };
      }
    };
    await pMap(
      [...byCustomer.values()],
      async (group) => {
        for (const item of group) await ingestOne(item);
      },
      { concurrency: 8 },
    );
    const accepted = results.filter((r) => r.status === 'accepted').length;
    const status = accepted === results.length ? 202 : accepted === 0 ? 400 : 207;
    res.status(status).json({ accepted, rejected: results.length - accepted, results });
  });
  return router;
}
