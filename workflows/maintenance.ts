// The daily upkeep the herald:daily schedule starts (see activities/maintenance.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { recomputeMetrics, expireDuePoints, announceExpiringPoints } = proxyActivities<Activities>({
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
