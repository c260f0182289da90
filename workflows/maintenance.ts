// Herald's upkeep workflows: the daily one the herald:daily schedule starts, the RFM ranking the
// herald:rfm-ranking schedule starts, and the recompute a change of metric settings starts (see
// activities/maintenance.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { recomputeMetrics, settleRfmRanking, expireDuePoints, announceExpiringPoints } =
  proxyActivities<Activities>({
    // A million customers' metrics take a minute or two; leave room on a busy database.
    startToCloseTimeout: '1 hour',
    retry: { initialInterval: '1 minute', maximumAttempts: 5 },
  });

export async function dailyMaintenanceWorkflow(): Promise<{
  pointsExpired: number;
  customersNotified: number;
}> {
  const pointsExpired = await expireDuePoints();
  const customersNotified = await announceExpiringPoints();
  await recomputeMetrics();
  return { pointsExpired, customersNotified };
}

/** Every customer's metrics and RFM, with the metric settings as they are now. */
export async function recomputeMetricsWorkflow(): Promise<void> {
  await recomputeMetrics();
}

/** RFM ranked again when customers were scored against stale breakpoints; true when it ran. */
export async function rfmRankingWorkflow(): Promise<boolean> {
  return settleRfmRanking();
}
