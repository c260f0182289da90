// GET /v1/segment-values: the segment builder's value pickers (db/segment-values.ts).
import { SegmentValues, SegmentValuesQuery } from '../../core/contract/segment-values.ts';
import { segmentValues } from '../../db/segment-values.ts';
import { route } from '../route.ts';

export const segmentValueRoutes = [
  route({
    method: 'get',
    path: '/v1/segment-values',
    permission: 'segments:read',
    summary:
      'Values a segment rule field may take, as recorded (cities, stores, categories, products) or named (campaigns, mailings, messaging types), searched by `q`',
    query: SegmentValuesQuery,
    responses: { 200: SegmentValues },
    handler: async ({ query, deps }) => segmentValues(deps.db, query),
  }),
];
