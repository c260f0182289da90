// A saved segment's scheduled recalculation: membership and its changes in one activity, then
// the changes dispatched at once, so entry and exit triggers follow the refresh without waiting
// for the dispatcher's next minute.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { refreshSavedSegment, dispatchSegmentChanges } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 },
});

export async function segmentRefreshWorkflow(input: { segmentId: string }): Promise<number> {
  const changed = await refreshSavedSegment(input.segmentId);
  for (let batch = 0; batch < 200 && changed > 0; batch++)
    if ((await dispatchSegmentChanges()).dispatched === 0) break;
  return changed;
}
