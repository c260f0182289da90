// Time-based triggers (a date for a segment, a recurring schedule, birthdays, inactivity) run as
// Temporal Schedules that start this workflow; it enters the audience a page at a time. Segment
// changes are dispatched the same way on a schedule of their own.
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { enterScheduledBatch, dispatchSegmentChanges } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

export interface ScheduledEntryInput {
  campaignId: string;
  nodeId: string;
  firedAt?: string;
  after?: string;
}

/** Pages before the workflow continues as new, keeping its history short for any audience. */
const PAGES_PER_RUN = 200;

export async function scheduledEntryWorkflow(input: ScheduledEntryInput): Promise<number> {
  const firedAt = input.firedAt ?? new Date(Date.now()).toISOString();
  let after = input.after;
  let entered = 0;
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    const batch = await enterScheduledBatch({ ...input, firedAt, after });
    entered += batch.entered;
    if (batch.done) return entered;
    after = batch.after;
  }
  return continueAsNew<typeof scheduledEntryWorkflow>({ ...input, firedAt, after });
}

/** Dispatches every pending segment change, a batch per activity. */
export async function segmentChangesWorkflow(): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < PAGES_PER_RUN; batch++) {
    const { dispatched } = await dispatchSegmentChanges();
    total += dispatched;
    if (dispatched === 0) return total;
  }
  return continueAsNew<typeof segmentChangesWorkflow>();
}
