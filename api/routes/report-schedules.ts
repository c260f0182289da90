// Reports mailed on a schedule (issue 16): a report, its file format, its recipients and how
// often; each a Temporal Schedule that runs the report for its last days and mails the file
// through the default email gateway.
import { z } from 'zod';
import { ReportSchedule } from '../../core/contract/analytics.ts';
import { Timestamp } from '../../core/contract/common.ts';
import { notFound } from '../../core/errors.ts';
import {
  createReportSchedule,
  deleteReportSchedule,
  listReportSchedules,
  type ReportScheduleRow,
} from '../../db/report-schedules.ts';
import {
  createReportEmailSchedule,
  deleteReportEmailSchedule,
} from '../../entry/report-schedules.ts';
import { route } from '../route.ts';

// Recipients are answered as stored: zod's check of an address is looser than JSON Schema's
// "email" format, so the answer does not claim that format for what the request accepted.
const Saved = ReportSchedule.extend({
  id: z.string(),
  createdAt: Timestamp,
  recipients: z.array(z.string()),
});
const answer = (r: ReportScheduleRow) => ({ ...r, createdAt: r.createdAt.toISOString() });

export const reportScheduleRoutes = [
  route({
    method: 'post',
    path: '/v1/reports/schedules',
    permission: 'exports:write',
    summary:
      'Mail a report as CSV or XLSX every day (07:00 UTC), week (Mondays) or month (the 1st)',
    body: ReportSchedule,
    responses: { 201: Saved },
    handler: async ({ body, deps }) => {
      const saved = await createReportSchedule(deps.db, body);
      await createReportEmailSchedule(deps, saved.id, saved.every);
      return answer(saved);
    },
  }),
  route({
    method: 'get',
    path: '/v1/reports/schedules',
    permission: 'reports:read',
    summary: 'The reports mailed on a schedule',
    responses: { 200: z.object({ schedules: z.array(Saved) }) },
    handler: async ({ deps }) => ({
      schedules: (await listReportSchedules(deps.db)).map(answer),
    }),
  }),
  route({
    method: 'delete',
    path: '/v1/reports/schedules/{id}',
    permission: 'exports:write',
    summary: 'Stop mailing a report',
    params: z.object({ id: z.uuid('use a schedule ID (a UUID)') }),
    responses: { 204: null },
    errors: [404],
    handler: async ({ params, deps }) => {
      if (!(await deleteReportSchedule(deps.db, params.id))) throw notFound('Report schedule');
      await deleteReportEmailSchedule(deps, params.id);
    },
  }),
];
