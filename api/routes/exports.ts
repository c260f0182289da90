// CSV exports: GET /v1/exports/{customers|receipts|events}.csv streams on demand;
// /v1/exports/schedules manages Temporal Schedules that write the files into EXPORT_DIR.
import { ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import {
  CreateExportSchedule,
  ExportParams,
  ExportScheduleCreated,
  ExportSchedules,
  ExportTriggered,
  ScheduleParams,
} from '../../core/contract/exports.ts';
import { ExportRange } from '../../core/csv-export.ts';
import { badRequest, conflict, notFound } from '../../core/errors.ts';
import { writeCsv } from '../../db/exports.ts';
import { EXPORT_WORKFLOW_TYPE, exportScheduleId } from '../../workflows/export-api.ts';
import type { ApiDeps } from '../deps.ts';
import { route } from '../route.ts';
import { audit } from '../audit.ts';

const PREFIX = exportScheduleId('');

async function scheduleOf(deps: ApiDeps, name: string) {
  const handle = deps.temporal.schedule.getHandle(exportScheduleId(name));
  try {
    await handle.describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw notFound(`Export schedule "${name}"`);
    throw err;
  }
  return handle;
}

export const exportRoutes = [
  route({
    method: 'post',
    path: '/v1/exports/schedules',
    permission: 'exports:write',
    summary:
      'Export on a schedule (a Temporal Schedule): files land in EXPORT_DIR/<name>/<kind>-<time>.csv',
    body: CreateExportSchedule,
    responses: { 201: ExportScheduleCreated },
    errors: [409],
    handler: async ({ body: s, req, deps }) => {
      try {
        await deps.temporal.schedule.create({
          scheduleId: exportScheduleId(s.name),
          spec: s.cron
            ? { cronExpressions: [s.cron] }
            : { intervals: [{ every: (s.everyHours ?? 24) * 3_600_000 }] },
          action: {
            type: 'startWorkflow',
            workflowType: EXPORT_WORKFLOW_TYPE,
            taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
            args: [{ name: s.name, kinds: s.kinds }],
          },
        });
      } catch (err) {
        if (err instanceof ScheduleAlreadyRunning)
          throw conflict(
            `An export schedule is already named "${s.name}"; delete it or pick another name.`,
          );
        // Temporal reads the cron expression itself: one it cannot read is the caller's to fix.
        if (s.cron && err instanceof TypeError)
          throw badRequest(`The cron expression is invalid: ${err.message}`, [
            { field: 'cron', message: 'use a cron expression such as "0 3 * * *" (UTC)' },
          ]);
        throw err;
      }
      await audit(deps.db, req, {
        action: 'export.schedule_created',
        targetType: 'export_schedule',
        targetId: s.name,
        details: { ...s },
      });
      return { schedule: { ...s, id: exportScheduleId(s.name) } };
    },
  }),
  route({
    method: 'get',
    path: '/v1/exports/schedules',
    permission: 'exports:read',
    summary: 'Export schedules with their next runs',
    responses: { 200: ExportSchedules },
    handler: async ({ deps }) => {
      const found = [];
      for await (const summary of deps.temporal.schedule.list())
        if (summary.scheduleId.startsWith(PREFIX))
          found.push({
            name: summary.scheduleId.slice(PREFIX.length),
            nextRuns: summary.info?.nextActionTimes?.map((t) => t.toISOString()),
            recentRuns: summary.info?.recentActions?.map((a) => a.takenAt.toISOString()),
          });
      return { schedules: found };
    },
  }),
  route({
    method: 'post',
    path: '/v1/exports/schedules/{name}/trigger',
    permission: 'exports:write',
    summary: 'Run an export schedule now',
    params: ScheduleParams,
    responses: { 202: ExportTriggered },
    errors: [404],
    handler: async ({ params: { name }, req, deps }) => {
      await (await scheduleOf(deps, name)).trigger();
      await audit(deps.db, req, {
        action: 'export.schedule_triggered',
        targetType: 'export_schedule',
        targetId: name,
      });
      return { triggered: name };
    },
  }),
  route({
    method: 'delete',
    path: '/v1/exports/schedules/{name}',
    permission: 'exports:write',
    summary: 'Delete an export schedule',
    params: ScheduleParams,
    responses: { 204: null },
    errors: [404],
    handler: async ({ params: { name }, req, deps }) => {
      await (await scheduleOf(deps, name)).delete();
      await audit(deps.db, req, {
        action: 'export.schedule_deleted',
        targetType: 'export_schedule',
        targetId: name,
      });
    },
  }),
  route({
    method: 'get',
    path: '/v1/exports/{file}',
    permission: 'exports:read',
    summary: 'Download customers, receipts (one row per line) or events as CSV, streamed',
    params: ExportParams,
    query: ExportRange,
    responses: { 200: { description: 'The CSV', contentType: 'text/csv' } },
    handler: async ({ params: { file: kind }, query: range, req, res, deps }) => {
      // Recorded as the download starts: the data is on its way whether or not it all arrives.
      await audit(deps.db, req, {
        action: 'export.downloaded',
        targetType: 'export',
        targetId: kind,
        details: { ...range },
      });
      res
        .type('text/csv')
        .set('Content-Disposition', `attachment; filename="${kind}.csv"`)
        .status(200);
      try {
        await writeCsv(deps.db, kind, res, range);
      } catch (err) {
        // Headers are gone: all that can be said now is to cut the download short.
        deps.log.error({ err, kind }, 'export failed mid-stream');
        res.destroy();
      }
    },
  }),
];
