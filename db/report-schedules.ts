// Reports mailed on a schedule: what to run, as which file, to whom and how often. Each row has
// a Temporal Schedule of its own (entry/report-schedules.ts).
import type { ReportSchedule } from '../core/contract/analytics.ts';
import type { Db } from './connection.ts';

export interface ReportScheduleRow extends ReportSchedule {
  id: string;
  createdAt: Date;
}

const columns = [
  'id',
  'report',
  'query',
  'format',
  'recipients',
  'every',
  'created_at as createdAt',
];

export async function createReportSchedule(db: Db, s: ReportSchedule): Promise<ReportScheduleRow> {
  const [row] = await db('report_schedules')
    .insert({ ...s, query: JSON.stringify(s.query) })
    .returning<ReportScheduleRow[]>(columns);
  return row!;
}

export const listReportSchedules = (db: Db) =>
  db('report_schedules').orderBy('created_at').select<ReportScheduleRow[]>(columns);

export const reportScheduleById = (db: Db, id: string) =>
  db('report_schedules').where({ id }).first<ReportScheduleRow | undefined>(columns);

export async function deleteReportSchedule(db: Db, id: string): Promise<boolean> {
  return (await db('report_schedules').where({ id }).delete()) > 0;
}
