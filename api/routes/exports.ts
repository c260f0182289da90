// CSV exports: GET /v1/exports/{customers|receipts|events}.csv streams on demand;
// /v1/exports/schedules manages Temporal Schedules that write the files into EXPORT_DIR.
import { ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { ExportKind, ExportRange } from '../../core/csv-export.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { writeCsv } from '../../db/exports.ts';
import { EXPORT_WORKFLOW_TYPE, exportScheduleId } from '../../workflows/export-api.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

const ScheduleName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'use lower-case letters, digits, "-" or "_" (it names the folder)',
  );

export const CreateExportSchedule = z
  .object({
    name: ScheduleName,
    kinds: z.array(ExportKind).min(1, 'name at least one kind to export'),
    /** Every N hours, or a cron expression (UTC) such as "0 3 * * *". */
    everyHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31)
      .optional(),
    cron: z.string().min(9).max(100).optional(),
  })
  .refine((s) => (s.everyHours === undefined) !== (s.cron === undefined), {
    message: 'give either everyHours or cron',
    path: ['everyHours'],
  });
export type CreateExportSchedule = z.infer<typeof CreateExportSchedule>;

const PREFIX = exportScheduleId('');

export function exportsRouter(deps: ApiDeps): Router {
  const router = Router();
  const schedules = deps.temporal.schedule;

  router.post('/schedules', async (req, res) => {
    const s = parseBody(CreateExportSchedule, req.body, 'export schedule');
    try {
      await schedules.create({
        scheduleId: exportScheduleId(s.name),
        spec: s.cron
          ? { cronExpressions: [s.cron] }
          : { intervals: [{ every: `${s.everyHours}h` }] },
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
      throw err;
    }
    res.status(201).json({ schedule: { ...s, id: exportScheduleId(s.name) } });
  });

  router.get('/schedules', async (_req, res) => {
    const found = [];
    for await (const summary of schedules.list())
      if (summary.scheduleId.startsWith(PREFIX))
        found.push({
          name: summary.scheduleId.slice(PREFIX.length),
          nextRuns: summary.info?.nextActionTimes?.map((t) => t.toISOString()),
          recentRuns: summary.info?.recentActions?.map((a) => a.takenAt.toISOString()),
        });
    res.json({ schedules: found });
  });

  const handleOf = async (raw: unknown) => {
    const name = parseBody(ScheduleName, raw, 'schedule name');
    const handle = schedules.getHandle(exportScheduleId(name));
    try {
      await handle.describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw notFound(`Export schedule "${name}"`);
      throw err;
    }
    return handle;
  };
  router.post('/schedules/:name/trigger', async (req, res) => {
    await (await handleOf(req.params.name)).trigger();
    res.status(202).json({ triggered: req.params.name });
  });
  router.delete('/schedules/:name', async (req, res) => {
    await (await handleOf(req.params.name)).delete();
    res.status(204).end();
  });

  router.get('/:file', async (req, res) => {
    const kind = parseBody(ExportKind, req.params.file.replace(/\.csv$/, ''), 'export kind');
    const range = parseBody(ExportRange, req.query, 'query');
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
  });
  return router;
}
