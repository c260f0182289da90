// GET /v1/event-types: the event types recorded so far and their property names, for the
// pickers of the campaign canvas (triggers, waits, goals, filters).
import { EventTypes } from '../../core/contract/event-types.ts';
import { eventTypeSummaries } from '../../db/event-types.ts';
import { route } from '../route.ts';

export const eventTypeRoutes = [
  route({
    method: 'get',
    path: '/v1/event-types',
    permission: 'campaigns:read',
    summary: 'Event types recorded so far, with their property names and counts',
    responses: { 200: EventTypes },
    handler: ({ deps: { db } }) => eventTypeSummaries(db),
  }),
];
