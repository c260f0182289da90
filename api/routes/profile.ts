// The 360° profile: GET /v1/customers/{id}/profile answers everything Herald knows about one
// customer in one call; GET /v1/customers/{id}/events pages the timeline further.
import type { z } from 'zod';
import { CustomerParams } from '../../core/contract/customers.ts';
import { EventsQuery, ReceiptsQuery } from '../../core/contract/profile.ts';
import { badRequest } from '../../core/errors.ts';
import { temporalWorkflowUrl } from '../../core/ids.ts';
import type { Db } from '../../db/connection.ts';
import { listContacts, toCustomer } from '../../db/customers.ts';
import { currentInterests, getCustomerMetrics } from '../../db/metrics.ts';
import { getPoints } from '../../db/points.ts';
import { campaignsEntered, eventsPage, messagesWithHistory } from '../../db/profile.ts';
import { listReceiptsOf } from '../../db/receipts.ts';
import { EventsPage, Profile, ReceiptsPage } from '../../core/profile.ts';
import { route } from '../route.ts';
import { customerRow } from './customers.ts';

const PAGE_VIEW = 'page_view';

/** Runs a paged read; a cursor this api did not make is a 400 naming "before". */
async function paged<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw badRequest('The page cursor is invalid', [
      { field: 'before', message: 'pass the "next" value of the previous page as it came' },
    ]);
  }
}

const page = (db: Db, customerId: string, q: z.output<typeof EventsQuery>) =>
  paged(() =>
    eventsPage(db, customerId, {
      limit: q.limit,
      before: q.before,
      types: q.type ? q.type.split(',') : undefined,
    }),
  );

export const profileRoutes = [
  route({
    method: 'get',
    path: '/v1/customers/{id}/receipts',
    permission: 'customers:read',
    summary: 'Receipts with their lines, newest first; pass "next" as ?before= for the next page',
    params: CustomerParams,
    query: ReceiptsQuery,
    responses: { 200: ReceiptsPage },
    errors: [404],
    handler: async ({ params, query, deps: { db } }) => {
      const row = await customerRow(db, params.id);
      return paged(() => listReceiptsOf(db, row.id, query));
    },
  }),

  route({
    method: 'get',
    path: '/v1/customers/{id}/events',
    permission: 'customers:read',
    summary: 'The events timeline, newest first; pass "next" as ?before= for the next page',
    params: CustomerParams,
    query: EventsQuery,
    responses: { 200: EventsPage },
    errors: [404],
    handler: async ({ params, query, deps: { db } }) =>
      page(db, (await customerRow(db, params.id)).id, query),
  }),

  route({
    method: 'get',
    path: '/v1/customers/{id}/profile',
    permission: 'customers:read',
    summary:
      '360° profile: attributes, metrics (RFM, CLTV...), interests, receipts with lines, events (paged), web visits, messages with status history, campaigns entered with Temporal UI links, points',
    params: CustomerParams,
    query: EventsQuery,
    responses: { 200: Profile },
    errors: [404],
    handler: async ({ params, query, deps }) => {
      const { db } = deps;
      const row = await customerRow(db, params.id);
      const id = row.id;
      const [contacts, metrics, interests, receipts, timeline, visits, messages, entries, points] =
        await Promise.all([
          listContacts(db, id),
          getCustomerMetrics(db, id),
          currentInterests(db, id),
          listReceiptsOf(db, id, { limit: 20 }),
          page(db, id, query),
          eventsPage(db, id, { limit: 20, types: [PAGE_VIEW] }),
          messagesWithHistory(db, id, 50),
          campaignsEntered(db, id, 50),
          getPoints(db, id, 50),
        ]);
      return {
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
      };
    },
  }),
];
