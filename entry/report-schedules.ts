// Each mailed report has a Temporal Schedule of its own ("report:<id>"), visible in the Temporal
// UI: daily at 07:00 UTC, weekly on Mondays, or monthly on the 1st.
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { ReportSchedule } from '../core/contract/analytics.ts';

export const reportScheduleId = (id: string) => `report:${id}`;

interface Deps {
  temporal: Client;
  config: { TEMPORAL_TASK_QUEUE: string };
}

const CALENDARS = {
  day: { hour: 7 },
  week: { hour: 7, dayOfWeek: 'MONDAY' as const },
  month: { hour: 7, dayOfMonth: 1 },
};

export async function createReportEmailSchedule(
  deps: Deps,
  id: string,
  every: ReportSchedule['every'],
): Promise<void> {
  await deps.temporal.schedule.create({
    scheduleId: reportScheduleId(id),
    spec: { calendars: [CALENDARS[every]] },
    action: {
      type: 'startWorkflow',
      workflowType: 'reportEmailWorkflow',
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ scheduleId: id }],
      workflowId: `report-email:${id}`,
    },
  });
}

export async function deleteReportEmailSchedule(deps: Deps, id: string): Promise<void> {
  try {
    await deps.temporal.schedule.getHandle(reportScheduleId(id)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}
