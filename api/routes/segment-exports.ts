// A segment's CSV by email on a schedule (/v1/segments/{id}/export-schedule): read, set (the
// Temporal Schedule follows), stop, and send now.
import { IdParams } from '../../core/contract/common.ts';
import {
  SegmentExportScheduleAnswer,
  SegmentExportScheduleInput,
} from '../../core/contract/segment-exports.ts';
import { notFound } from '../../core/errors.ts';
import {
  deleteExportSchedule,
  getExportSchedule,
  putExportSchedule,
  toExportSchedule,
} from '../../db/segment-exports.ts';
import { accountTimeZone, getSegment } from '../../db/segments.ts';
import {
  deleteSegmentExportSchedule,
  syncSegmentExportSchedule,
  triggerSegmentExport,
} from '../../entry/segment-export-schedules.ts';
import { audit } from '../audit.ts';
import type { ApiDeps } from '../deps.ts';
import { route } from '../route.ts';

const Params = IdParams('a segment');

async function segmentOr404(deps: ApiDeps, id: string) {
  const segment = await getSegment(deps.db, id);
  if (!segment) throw notFound('segment');
  return segment;
}

export const segmentExportRoutes = [
  route({
    method: 'get',
    path: '/v1/segments/{id}/export-schedule',
    permission: 'segments:read',
    summary: "A segment's CSV by email: to whom and when (null when it is not sent)",
    params: Params,
    responses: { 200: SegmentExportScheduleAnswer },
    errors: [404],
    handler: async ({ params, deps }) => {
      await segmentOr404(deps, params.id);
      const row = await getExportSchedule(deps.db, params.id);
      return {
        schedule: row ? toExportSchedule(row, await accountTimeZone(deps.db)) : null,
      };
    },
  }),
  route({
    method: 'put',
    path: '/v1/segments/{id}/export-schedule',
    permission: 'exports:read',
    summary:
      "Send a segment's members as a CSV attachment to these addresses every day or week, at an hour of the account time zone",
    params: Params,
    body: SegmentExportScheduleInput,
    responses: { 200: SegmentExportScheduleAnswer },
    errors: [404],
    handler: async ({ params, body, req, deps }) => {
      const segment = await segmentOr404(deps, params.id);
      const timeZone = await accountTimeZone(deps.db);
      const row = await putExportSchedule(deps.db, params.id, body);
      await syncSegmentExportSchedule(deps, params.id, body, timeZone);
      await audit(deps.db, req, {
        action: 'export.schedule_created',
        targetType: 'segment',
        targetId: segment.id,
        details: { name: segment.name, recipients: body.recipients, cadence: body.cadence },
      });
      return { schedule: toExportSchedule(row, timeZone) };
    },
  }),
  route({
    method: 'delete',
    path: '/v1/segments/{id}/export-schedule',
    permission: 'exports:read',
    summary: "Stop sending a segment's CSV by email",
    params: Params,
    responses: { 204: null },
    errors: [404],
    handler: async ({ params, req, deps }) => {
      await segmentOr404(deps, params.id);
      if (!(await deleteExportSchedule(deps.db, params.id))) throw notFound('export schedule');
      await deleteSegmentExportSchedule(deps, params.id);
      await audit(deps.db, req, {
        action: 'export.schedule_deleted',
        targetType: 'segment',
        targetId: params.id,
      });
    },
  }),
  route({
    method: 'post',
    path: '/v1/segments/{id}/export-schedule/send',
    permission: 'exports:read',
    summary: "Send a segment's scheduled CSV now, as its schedule would",
    params: Params,
    responses: { 204: null },
    errors: [404],
    handler: async ({ params, req, deps }) => {
      await segmentOr404(deps, params.id);
      if (!(await getExportSchedule(deps.db, params.id))) throw notFound('export schedule');
      await triggerSegmentExport(deps, params.id);
      await audit(deps.db, req, {
        action: 'export.schedule_triggered',
        targetType: 'segment',
        targetId: params.id,
      });
    },
  }),
];
