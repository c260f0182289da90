// Analytics workflows: the snapshot run the herald:report-snapshots schedule starts, and a
// report mailed on a schedule of its own (entry/report-schedules.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { takeReportSnapshots, emailReport } = proxyActivities<Activities>({
  // A million customers' counts take a minute; leave room on a busy database.
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 minute', maximumAttempts: 5 },
});

export async function reportSnapshotsWorkflow(): Promise<{ days: number; attributed: number }> {
  return takeReportSnapshots();
}

export async function reportEmailWorkflow(input: { scheduleId: string }): Promise<boolean> {
  return emailReport(input.scheduleId);
}
