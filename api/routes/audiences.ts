// Static audiences (/v1/audiences): frozen from a segment at creation, uploaded as a CSV of
// external IDs (mode=replace or mode=append, said explicitly), or edited by hand. They are
// used wherever segments are: the "audience" segment condition, and the audience of a
// schedule trigger (which reads segment_memberships of a segment).
import express from 'express';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { IdParams } from '../../core/contract/common.ts';
import {
  AudienceAnswer,
  AudienceChange,
  AudienceInput,
  AudienceList,
  AudienceMembersInput,
  AudienceUploadQuery,
  SegmentCustomers,
  SegmentCustomersQuery,
} from '../../core/contract/segments.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import {
  changeMembers,
  createAudience,
  deleteAudience,
  getAudience,
  listAudiences,
} from '../../db/audiences.ts';
import { memberPage } from '../../db/segment-refresh.ts';
import { compileOptionsFor, getSegment } from '../../db/segments.ts';
import { route } from '../route.ts';

const Params = IdParams('an audience');
const MAX_CSV = 20 * 1024 * 1024;

async function existing(db: Parameters<typeof getAudience>[0], id: string) {
  if (!(await getAudience(db, id))) throw notFound('audience');
}

/** External IDs from the first column of a CSV; a first row "externalId" (any case) is a header. */
function externalIdsOf(body: unknown): string[] {
  if (!Buffer.isBuffer(body)) throw badRequest('Send the CSV as the body, Content-Type text/csv');
  let rows: string[][];
  try {
    rows = parse(body, { relax_column_count: true, skip_empty_lines: true, bom: true, trim: true });
  } catch (err) {
    throw badRequest('The file is not CSV', [{ field: '(body)', message: (err as Error).message }]);
  }
  const ids = rows.map((r) => r[0] ?? '').filter((v) => v !== '');
  // Postgres text cannot hold a NUL: such a file is not a list of IDs (a binary upload).
  const nul = ids.findIndex((v) => v.includes('\u0000'));
  if (nul >= 0)
    throw badRequest('The file is not a CSV of external IDs', [
      { field: '(body)', message: `row ${nul + 1} holds a NUL character: upload a text CSV` },
    ]);
  if (ids.length > 0 && /^external_?id$/i.test(ids[0]!)) ids.shift();
  return [...new Set(ids)];
}

const membersRoute = (path: string, change: 'append' | 'remove', summary: string) =>
  route({
    method: 'post',
    path,
    permission: 'segments:write',
    summary,
    params: Params,
    body: AudienceMembersInput,
    responses: { 200: AudienceChange },
    errors: [404],
    handler: async ({ params, body, deps }) => {
      await existing(deps.db, params.id);
      return changeMembers(deps.db, params.id, change, body);
    },
  });

export const audienceRoutes = [
  route({
    method: 'get',
    path: '/v1/audiences',
    permission: 'segments:read',
    summary: 'Static audiences with their sizes',
    responses: { 200: AudienceList },
    handler: async ({ deps }) => ({ audiences: await listAudiences(deps.db) }),
  }),
  route({
    method: 'post',
    path: '/v1/audiences',
    permission: 'segments:write',
    summary: "Create an audience: frozen from a segment's rules now (fromSegmentId), or empty",
    body: AudienceInput,
    responses: { 201: AudienceAnswer },
    errors: [404],
    handler: async ({ body, deps }) => {
      if (!body.fromSegmentId) return { audience: await createAudience(deps.db, body) };
      const segment = await getSegment(deps.db, body.fromSegmentId);
      if (!segment) throw notFound('segment');
      if (segment.problems.length > 0)
        throw badRequest('The segment is a draft', [
          { field: 'fromSegmentId', message: "fill in the segment's missing values first" },
        ]);
      const options = await compileOptionsFor(deps.db, segment.rules, { selfId: segment.id });
      return {
        audience: await createAudience(deps.db, body, {
          segmentId: segment.id,
          rules: segment.rules,
          options,
        }),
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/audiences/{id}',
    permission: 'segments:read',
    summary: 'An audience and its size',
    params: Params,
    responses: { 200: AudienceAnswer },
    errors: [404],
    handler: async ({ params, deps }) => {
      const audience = await getAudience(deps.db, params.id);
      if (!audience) throw notFound('audience');
      return { audience };
    },
  }),
  route({
    method: 'get',
    path: '/v1/audiences/{id}/customers',
    permission: 'customers:read',
    summary: 'The customers of an audience, a page at a time',
    params: Params,
    query: SegmentCustomersQuery,
    responses: { 200: SegmentCustomers },
    errors: [404],
    handler: async ({ params, query, deps }) => {
      await existing(deps.db, params.id);
      const customers = await memberPage(deps.db, 'audience', params.id, query.limit, query.after);
      return {
        customers,
        ...(customers.length === query.limit && { next: customers.at(-1)!.id }),
      };
    },
  }),
  route({
    method: 'delete',
    path: '/v1/audiences/{id}',
    permission: 'segments:write',
    summary: 'Delete an audience',
    params: Params,
    responses: { 204: null },
    errors: [404],
    handler: async ({ params, deps }) => {
      if (!(await deleteAudience(deps.db, params.id))) throw notFound('audience');
    },
  }),
  membersRoute(
    '/v1/audiences/{id}/members',
    'append',
    'Add customers by hand (Herald IDs or external IDs)',
  ),
  membersRoute(
    '/v1/audiences/{id}/members/remove',
    'remove',
    'Remove customers by hand (Herald IDs or external IDs)',
  ),
  route({
    method: 'put',
    path: '/v1/audiences/{id}/members.csv',
    permission: 'segments:write',
    summary:
      'Upload external IDs (first column of a CSV, Content-Type text/csv): mode=replace makes the file the audience, mode=append adds it',
    params: Params,
    query: AudienceUploadQuery,
    unparsedBody: {
      contentType: 'text/csv',
      schema: z.string(),
      parser: express.raw({
        type: ['text/csv', 'text/plain', 'application/octet-stream'],
        limit: MAX_CSV,
      }),
    },
    responses: { 200: AudienceChange },
    errors: [404, 413],
    handler: async ({ params, query, body, deps }) => {
      await existing(deps.db, params.id);
      const externalIds = externalIdsOf(body);
      return changeMembers(deps.db, params.id, query.mode, { customerIds: [], externalIds }, 'csv');
    },
  }),
];
