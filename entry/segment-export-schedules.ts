// A segment's CSV by email runs on a Temporal Schedule of its own ("segment-export:<id>"): every
// day, or one weekday, at an hour of the account time zone (Temporal reads the calendar in that
// zone, so it follows daylight saving), visible in the Temporal UI beside "segment:<id>".
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { SegmentExportScheduleInput } from '../core/contract/segment-exports.ts';

export const segmentExportScheduleId = (segmentId: string) => `segment-export:${segmentId}`;

interface Deps {
  temporal: Client;
  config: { TEMPORAL_TASK_QUEUE: string };
}

const WEEKDAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;

export async function syncSegmentExportSchedule(
  deps: Deps,
  segmentId: string,
  s: SegmentExportScheduleInput,
  timeZone: string,
): Promise<void> {
  const scheduleId = segmentExportScheduleId(segmentId);
  const spec = {
    calendars: [
      {
        hour: s.hour,
        minute: 0,
        ...(s.cadence === 'weekly' && { dayOfWeek: WEEKDAYS[(s.weekday ?? 1) - 1] }),
      },
    ],
    timezone: timeZone,
  };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'segmentExportWorkflow',
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ segmentId }],
    workflowId: `segment-export:${segmentId}`,
  };
  try {
    await deps.temporal.schedule.create({ scheduleId, spec, action });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await deps.temporal.schedule
      .getHandle(scheduleId)
      .update((prev) => ({ ...prev, spec, action }));
  }
}

/** Sends it now, as the schedule would (the "send now" button, and tests). */
export async function triggerSegmentExport(deps: Deps, segmentId: string): Promise<void> {
  await deps.temporal.schedule.getHandle(segmentExportScheduleId(segmentId)).trigger();
}

export async function deleteSegmentExportSchedule(deps: Deps, segmentId: string): Promise<void> {
  try {
    await deps.temporal.schedule.getHandle(segmentExportScheduleId(segmentId)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}
