// The 360° profile: GET /v1/customers/{id}/profile answers everything Herald knows about one
// customer in one call; GET /v1/customers/{id}/events pages the timeline further.
import { Router } from 'express';
import { z } from 'zod';
import { badRequest, notFound } from '../../core/errors.ts';
import { temporalWorkflowUrl } from '../../core/ids.ts';
import { getCustomer, listContacts, toCustomer } from '../../db/customers.ts';
import { currentInterests, getCustomerMetrics } from '../../db/metrics.ts';
import { getPoints } from '../../db/points.ts';
import { campaignsEntered, eventsPage, messagesWithHistory } from '../../db/profile.ts';
import { listReceiptsOf } from '../../db/receipts.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';
import { customerIdOf } from './customers.ts';

export const EventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200, 'ask for at most 200 events a page').default(50),
  before: z.string().optional(),
  type: z.string().optional(),
});

export const ReceiptsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100, 'ask for at most 100 receipts a page').default(20),
  before: z.string().optional(),
});

const PAGE_VIEW = 'page_view';

export function profileRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();

  const load = async (params: unknown) => {
    const id = customerIdOf(params);
    const row = await getCustomer(db, id);
    if (!row) throw notFound(`Customer ${id}`);
    return row;
  };
  /** Runs a paged read; a cursor this api did not make is a 400 naming "before". */
  const paged = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      throw badRequest('The page cursor is invalid', [
        { field: 'before', message: 'pass the "next" value of the previous page as it came' },
      ]);
    }
  };
  const page = (customerId: string, query: unknown) => {
    const q = parseBody(EventsQuery, query, 'query');
    return paged(() =>
      eventsPage(db, customerId, {
        limit: q.limit,
        before: q.before,
        types: q.type ? q.type.split(',') : undefined,
      }),
    );
  };

  router.get('/:id/receipts', async (req, res) => {
    const row = await load(req.params);
    const q = parseBody(ReceiptsQuery, req.query, 'query');
    res.json(await paged(() => listReceiptsOf(db, row.id, q)));
  });

  router.get('/:id/events', async (req, res) => {
    const row = await load(req.params);
    res.json(await page(row.id, req.query));
  });

  router.get('/:id/profile', async (req, res) => {
    const row = await load(req.params);
    const id = row.id;
    const [contacts, metrics, interests, receipts, timeline, visits, messages, entries, points] =
      await Promise.all([
        listContacts(db, id),
        getCustomerMetrics(db, id),
        currentInterests(db, id),
        listReceiptsOf(db, id, { limit: 20 }),
        page(id, req.query),
        eventsPage(db, id, { limit: 20, types: [PAGE_VIEW] }),
        messagesWithHistory(db, id, 50),
        campaignsEntered(db, id, 50),
        getPoints(db, id, 50),
      ]);
    res.json({
      customer: toCustomer(row, contacts),
      metrics,
      interests,
      receipts,
      events: timeline,
      webVisits: visits.events.map((e) => ({
        id: e.id,
        url: typeof e.properties.url === 'string' ? e.properties.url : null,
        title: typeof e.properties.title === 'string' ? e.properties.title : null,
        occurredAt: e.occurredAt,
        properties: e.properties,
      })),
      messages,
      campaigns: entries.map((e) => ({
        ...e,
        temporalUrl: temporalWorkflowUrl(
          deps.config.temporalUiUrl,
          deps.config.TEMPORAL_NAMESPACE,
          e.workflowId,
        ),
      })),
      points,
    });
  });

  return router;
}
