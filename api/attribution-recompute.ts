// A mailing's rules changed: marked as being recomputed, and its attribution workflow started,
// or signalled if one runs (workflows/attribution.ts). The request answers at once.
import { markAttributionChanged } from '../db/attribution-recomputes.ts';
import { HeraldError } from '../core/errors.ts';
import {
  ATTRIBUTION_WORKFLOW_TYPE,
  attributionChangedSignal,
  attributionWorkflowId,
} from '../workflows/attribution-api.ts';
import type { ApiDeps } from './deps.ts';

export async function recomputeAttribution(deps: ApiDeps, mailingId: string): Promise<void> {
  await markAttributionChanged(deps.db, mailingId);
  try {
    await deps.temporal.workflow.signalWithStart(ATTRIBUTION_WORKFLOW_TYPE, {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      workflowId: attributionWorkflowId(mailingId),
      args: [{ mailingId }],
      signal: attributionChangedSignal,
    });
  } catch (err) {
    throw new HeraldError(
      503,
      'temporal_unavailable',
      `The rules are saved but their recompute could not be started (${(err as Error).message}): save them once more`,
    );
  }
}
