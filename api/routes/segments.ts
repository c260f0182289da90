// Saved segments (/v1/segments): CRUD, preview before saving, recalculation on demand, size
// history and members. A draft (values missing) is saved with its problems listed; an unknown
// field, a wrong operator, an undefined custom field or a cycle of segments is a 400 naming the
// path in the tree.
import { z } from 'zod';
import { IdParams } from '../../core/contract/common.ts';
import {
  AccountTimeZone,
  SegmentAnswer,
  SegmentCustomers,
  SegmentCustomersQuery,
  SegmentInput,
  SegmentList,
  SegmentListQuery,
  SegmentPreview,
  SegmentPreviewInput,
  SegmentRefresh,
  SegmentSizes,
} from '../../core/contract/segments.ts';
import { badRequest, conflict, notFound } from '../../core/errors.ts';
import { parseSegmentRules, type SegmentRules } from '../../core/segment-rules.ts';
import {
  previewSegment,
  refreshSegment,
  segmentMembers,
  segmentSizes,
} from '../../db/segment-refresh.ts';
import { segmentPredicate } from '../../db/segment-sql.ts';
import {
  accountTimeZone,
  compileOptionsFor,
  deleteSegment,
  getSegment,
  insertSegment,
  listSegments,
  segmentsNaming,
  setAccountTimeZone,
  toSegment,
  updateSegment,
} from '../../db/segments.ts';
import {
  deleteSegmentSchedule,
  dispatchSegmentChangesNow,
  syncSegmentSchedule,
} from '../../entry/segment-schedules.ts';
import { writeCsv } from '../../db/exports.ts';
import { deleteSegmentExportSchedule } from '../../entry/segment-export-schedules.ts';
import { audit } from '../audit.ts';
import type { ApiDeps } from '../deps.ts';
import { route } from '../route.ts';
import { parseBody } from '../validate.ts';

const Params = IdParams('a segment');
/** The body with its rules read apart, so that a draft's missing values do not refuse it. */
const Envelope = SegmentInput.extend({ rules: z.unknown() });

async function readSegment(deps: ApiDeps, raw: unknown, selfId?: string) {
  const body = parseBody(Envelope, raw);
  // A draft may miss values, never its root: there is nothing to save without a group.
  if (body.rules === null || typeof body.rules !== 'object' || Array.isArray(body.rules))
    throw badRequest('The segment needs its rules', [
      {
        field: 'rules',
        message: 'send a group: {"kind": "group", "match": "all", "children": []}',
      },
    ]);
  const parsed = parseSegmentRules(body.rules);
  if (!parsed.ok && !parsed.draft)
    throw badRequest('The segment rules are not valid', parsed.problems);
  if (parsed.ok) {
    // Compiling finds what the schema cannot: undefined custom fields, unknown segments, cycles.
    segmentPredicate(parsed.rules, await compileOptionsFor(deps.db, parsed.rules, { selfId }));
    return { input: { ...body, rules: parsed.rules }, problems: [] };
  }
  return { input: { ...body, rules: body.rules as SegmentRules }, problems: parsed.problems };
}

async function saved(deps: ApiDeps, row: Awaited<ReturnType<typeof insertSegment>>) {
  const draft = row.problems.length > 0;
  await syncSegmentSchedule(deps, { id: row.id, refreshMinutes: row.refresh_minutes, draft });
  if (!draft) {
    await refreshSegment(deps.db, row.id);
    await dispatchSegmentChangesNow(deps);
  }
  return { segment: toSegment((await getSegment(deps.db, row.id))!) };
}

export const segmentRuleRoutes = [
  route({
    method: 'get',
    path: '/v1/settings/time-zone',
    permission: 'segments:read',
    summary: 'The account time zone segment rules read dates in',
    responses: { 200: AccountTimeZone },
    handler: async ({ deps }) => ({ timeZone: await accountTimeZone(deps.db) }),
  }),
  route({
    method: 'put',
    path: '/v1/settings/time-zone',
    permission: 'settings:write',
    summary:
      'Set the account time zone ("today" and "this month" in segment rules begin at its midnight)',
    body: AccountTimeZone,
    responses: { 200: AccountTimeZone },
    handler: async ({ body, req, deps }) => {
      await setAccountTimeZone(deps.db, body.timeZone);
      await audit(deps.db, req, {
        action: 'setting.time_zone_changed',
        targetType: 'account',
        targetId: 'time_zone',
        details: { timeZone: body.timeZone },
      });
      return body;
    },
  }),
  route({
    method: 'get',
    path: '/v1/segments',
    permission: 'segments:read',
    summary: 'Saved segments with their current metrics (optionally of one folder)',
    query: SegmentListQuery,
    responses: { 200: SegmentList },
    handler: async ({ query, deps }) => ({
      segments: (await listSegments(deps.db, query.folder)).map(toSegment),
    }),
  }),
  route({
    method: 'post',
    path: '/v1/segments',
    permission: 'segments:write',
    summary:
      'Save a segment; it is recalculated now and then on its schedule. A draft with values missing is saved with its problems and not recalculated',
    unparsedBody: { contentType: 'application/json', schema: SegmentInput },
    responses: { 201: SegmentAnswer },
    handler: async ({ body, deps }) => {
      const { input, problems } = await readSegment(deps, body);
      return saved(deps, await insertSegment(deps.db, input, problems));
    },
  }),
  route({
    method: 'post',
    path: '/v1/segments/preview',
    permission: 'segments:read',
    summary: 'Count, metrics and a sample of the customers rules match, without saving them',
    body: SegmentPreviewInput,
    responses: { 200: SegmentPreview },
    handler: async ({ body, deps }) =>
      previewSegment(
        deps.db,
        body.rules,
        await compileOptionsFor(deps.db, body.rules),
        body.sampleSize,
      ),
  }),
  route({
    method: 'get',
    path: '/v1/segments/{id}',
    permission: 'segments:read',
    summary: 'A segment with its rules and current metrics',
    params: Params,
    responses: { 200: SegmentAnswer },
    errors: [404],
    handler: async ({ params, deps }) => {
      const row = await getSegment(deps.db, params.id);
      if (!row) throw notFound('segment');
      return { segment: toSegment(row) };
    },
  }),
  route({
    method: 'put',
    path: '/v1/segments/{id}',
    permission: 'segments:write',
    summary: 'Replace a segment; members are recalculated now',
    params: Params,
    unparsedBody: { contentType: 'application/json', schema: SegmentInput },
    responses: { 200: SegmentAnswer },
    errors: [404],
    handler: async ({ params, body, deps }) => {
      if (!(await getSegment(deps.db, params.id))) throw notFound('segment');
      const { input, problems } = await readSegment(deps, body, params.id);
      return saved(deps, (await updateSegment(deps.db, params.id, input, problems))!);
    },
  }),
  route({
    method: 'delete',
    path: '/v1/segments/{id}',
    permission: 'segments:write',
    summary: 'Delete a segment and its memberships (refused while another segment names it)',
    params: Params,
    responses: { 204: null },
    errors: [404, 409],
    handler: async ({ params, deps }) => {
      const naming = await segmentsNaming(deps.db, params.id);
      if (naming.length > 0)
        throw conflict(
          `Segments ${naming.map((s) => `"${s.name}"`).join(', ')} name this one: change them first`,
        );
      if (!(await deleteSegment(deps.db, params.id))) throw notFound('segment');
      await deleteSegmentSchedule(deps, params.id);
      await deleteSegmentExportSchedule(deps, params.id);
    },
  }),
  route({
    method: 'post',
    path: '/v1/segments/{id}/refresh',
    permission: 'segments:write',
    summary: 'Recalculate a segment now: who entered and who left (their triggers fire)',
    params: Params,
    responses: { 200: SegmentRefresh },
    errors: [404, 409],
    handler: async ({ params, deps }) => {
      const row = await getSegment(deps.db, params.id);
      if (!row) throw notFound('segment');
      const result = await refreshSegment(deps.db, params.id);
      if (!result) throw conflict('The segment is a draft: fill in its missing values first');
      await dispatchSegmentChangesNow(deps);
      return result;
    },
  }),
  route({
    method: 'get',
    path: '/v1/segments/{id}/sizes',
    permission: 'segments:read',
    summary: 'The size of a segment at each recalculation, oldest first',
    params: Params,
    responses: { 200: SegmentSizes },
    errors: [404],
    handler: async ({ params, deps }) => {
      if (!(await getSegment(deps.db, params.id))) throw notFound('segment');
      return { sizes: await segmentSizes(deps.db, params.id) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/segments/{id}/customers',
    permission: 'customers:read',
    summary: 'The members of a segment as of its last recalculation, a page at a time',
    params: Params,
    query: SegmentCustomersQuery,
    responses: { 200: SegmentCustomers },
    errors: [404],
    handler: async ({ params, query, deps }) => {
      if (!(await getSegment(deps.db, params.id))) throw notFound('segment');
      const customers = await segmentMembers(deps.db, params.id, query.limit, query.after);
      return {
        customers,
        ...(customers.length === query.limit && { next: customers.at(-1)!.id }),
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/segments/{id}/customers.csv',
    permission: 'exports:read',
    summary: 'Download the members of a segment (as last recalculated) as CSV, streamed',
    params: Params,
    responses: { 200: { description: 'The CSV', contentType: 'text/csv' } },
    errors: [404],
    handler: async ({ params, req, res, deps }) => {
      const segment = await getSegment(deps.db, params.id);
      if (!segment) throw notFound('segment');
      await audit(deps.db, req, {
        action: 'export.downloaded',
        targetType: 'segment',
        targetId: segment.id,
        details: { name: segment.name },
      });
      res
        .type('text/csv')
        .set('Content-Disposition', `attachment; filename="segment-${segment.id}.csv"`)
        .status(200);
      try {
        await writeCsv(deps.db, 'customers', res, { segmentId: segment.id });
      } catch (err) {
        deps.log.error({ err, segmentId: segment.id }, 'segment export failed mid-stream');
        res.destroy();
      }
    },
  }),
];
