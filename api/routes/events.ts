// POST /v1/events: one event, or a batch of up to 1000 as { "events": [...] }. In a batch each
// event stands alone: a bad one is reported by its index and never stops the good ones.
import { Router } from 'express';
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

/** Runs tasks with at most `limit` at once; events of one customer stay in order. */
async function inGroups<T>(
  groups: T[][],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, groups.length) }, async () => {
    while (next < groups.length) {
      const group = groups[next++]!;
      for (const item of group) await run(item);
    }
  });
  await Promise.all(lanes);
}

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
      byCustomer.set(key, [...(byCustomer.get(key) ?? []), { index, event: parsed.data }]);
    });
    await inGroups([...byCustomer.values()], 8, async ({ index, event }) => {
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
    });
    const accepted = results.filter((r) => r.status === 'accepted').length;
    const status = accepted === results.length ? 202 : accepted === 0 ? 400 : 207;
    res.status(status).json({ accepted, rejected: results.length - accepted, results });
  });
  return router;
}
