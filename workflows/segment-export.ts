// A segment's scheduled CSV by email, started by its Temporal Schedule "segment-export:<id>"
// (entry/segment-export-schedules.ts). A new workflow type: no recorded history to replay.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { sendSegmentExport } = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '30 seconds', maximumInterval: '10 minutes', maximumAttempts: 5 },
});

/** The number of customers sent, or null when the schedule or the segment is gone. */
export async function segmentExportWorkflow(input: { segmentId: string }): Promise<number | null> {
  return sendSegmentExport(input.segmentId);
}
