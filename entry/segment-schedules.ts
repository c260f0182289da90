// Each saved segment is recalculated on a Temporal Schedule of its own ("segment:<id>", every
// `refreshMinutes`), visible in the Temporal UI; a draft's schedule is paused until it is whole.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';

export const segmentScheduleId = (segmentId: string) => `segment:${segmentId}`;

interface Deps {
  temporal: Client;
  config: { TEMPORAL_TASK_QUEUE: string };
}

export async function syncSegmentSchedule(
  deps: Deps,
  segment: { id: string; refreshMinutes: number; draft: boolean },
): Promise<void> {
  const scheduleId = segmentScheduleId(segment.id);
  const spec = { intervals: [{ every: segment.refreshMinutes * 60_000 }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'segmentRefreshWorkflow',
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ segmentId: segment.id }],
    workflowId: `segment-refresh:${segment.id}`,
  };
  try {
    await deps.temporal.schedule.create({ scheduleId, spec, action });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await deps.temporal.schedule
      .getHandle(scheduleId)
      .update((prev) => ({ ...prev, spec, action }));
  }
  const handle = deps.temporal.schedule.getHandle(scheduleId);
  if (segment.draft) await handle.pause('draft: values missing');
  else await handle.unpause('segment whole');
}

export async function deleteSegmentSchedule(deps: Deps, segmentId: string): Promise<void> {
  try {
    await deps.temporal.schedule.getHandle(segmentScheduleId(segmentId)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

/** Fires the entry and exit triggers of fresh changes now rather than at the dispatcher's next minute. */
export async function dispatchSegmentChangesNow(deps: Deps): Promise<void> {
  await deps.temporal.workflow.start('segmentChangesWorkflow', {
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    workflowId: `segment-changes:now:${Date.now()}:${Math.random().toString(36).slice(2)}`,
    args: [],
  });
}
