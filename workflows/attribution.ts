// A mailing's attribution recomputed after its rules changed (PUT /v1/mailings/{id}/attribution),
// durably and outside the request. The api signals-with-start one workflow per mailing, so a
// change made during a recompute runs it once more after, with the rules saved last. A new
// workflow type: no recorded history to replay, and no patch.
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { attributionChangedSignal } from './attribution-api.ts';

const { recomputeMailingAttribution } = proxyActivities<Activities>({
  // 50 M messages: seconds to a few minutes (docs/analytics.md); a lost worker retries it.
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes' },
});

/** How many recomputes ran: one, and one more for each change that came in during one. */
export async function attributionWorkflow(input: { mailingId: string }): Promise<number> {
  let pending = true;
  setHandler(attributionChangedSignal, () => {
    pending = true;
  });
  let runs = 0;
  while (pending) {
    pending = false;
    await recomputeMailingAttribution(input.mailingId);
    runs++;
  }
  return runs;
}
