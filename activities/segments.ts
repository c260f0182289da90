// Segment recalculation for its Temporal Schedule (workflows/segment-refresh.ts).
import { refreshSegment } from '../db/segment-refresh.ts';
import type { ActivityDeps } from './deps.ts';

export function segmentActivities(deps: ActivityDeps) {
  return {
    /** Recalculates one segment; returns how many customers entered or left (0 for a draft). */
    refreshSavedSegment: async (segmentId: string): Promise<number> => {
      const result = await refreshSegment(deps.db, segmentId);
      return result ? result.entered + result.exited : 0;
    },
  };
}
