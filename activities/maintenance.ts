// Herald's upkeep: the herald:daily schedule's (RFM and other metrics ranked afresh, since recency
// drifts every day; points past their date expired; a points_expiring event for every customer
// whose points run out within the week, a trigger for "use them or lose them"), and the RFM
// ranking herald:rfm-ranking runs when scores drifted between rankings.
import pMap from 'p-map';
import { recomputeAllMetrics } from '../db/metrics.ts';
import { settleRanking } from '../db/rfm-ranking.ts';
import { expirePoints, pointsExpiringSoon } from '../db/points.ts';
import type { EntryDeps } from '../entry/deps.ts';
import { openPipeline } from '../entry/pipeline.ts';

const EXPIRY_NOTICE_DAYS = 7;

export function maintenanceActivities(deps: EntryDeps) {
  return {
    recomputeMetrics: () => recomputeAllMetrics(deps.db),

    settleRfmRanking: () => settleRanking(deps.db),

    expireDuePoints: async (): Promise<number> => (await expirePoints(deps.db, new Date())).points,

    /** One points_expiring event per customer and expiry date, however often it runs. */
    announceExpiringPoints: async (): Promise<number> => {
      const soon = await pointsExpiringSoon(deps.db, new Date(), EXPIRY_NOTICE_DAYS);
      const pipeline = openPipeline(deps);
      await pMap(
        soon,
        (s) =>
          pipeline.record({
            customerId: s.customerId,
            type: 'points_expiring',
            properties: { amount: s.points, expiresAt: s.firstExpiresAt },
            idempotencyKey: `points_expiring:${s.customerId}:${s.firstExpiresAt}`,
            source: 'schedule',
          }),
        { concurrency: 8 },
      );
      return soon.length;
    },
  };
}
