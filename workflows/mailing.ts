// One workflow per mailing (DESIGN decision 5; ID "mailing:<id>"): it waits for the start time,
// freezes the audience, then sends due recipients in batches of up to a thousand per activity,
// pacing them by the throttle and sleeping on a timer until the next recipient's local time.
// Pause, resume, cancel and edits arrive as signals and act between batches, within seconds.
// The cursor is the recipients table itself (pending rows), so continue-as-new carries nothing
// but the pause.
import {
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { MailingBatchResult } from '../activities/mailings.ts';
import { isPatched, patches } from './patches.ts';
import {
  mailingCancelledSignal,
  mailingChangedSignal,
  mailingPausedSignal,
  type MailingWorkflowInput,
} from './mailing-api.ts';

const BATCH = 1000;
/** A throttled mailing sends in slices this long, so the rate holds within the minute. */
const SLICE_MS = 5_000;

const {
  mailingStartAt,
  freezeMailingAudience,
  sendMailingBatch,
  finishMailing,
  mailingHeld,
  pickMailingWinner,
} = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // A dead worker is noticed within this time and the batch is retried on another.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function mailingWorkflow(input: MailingWorkflowInput): Promise<string> {
  const id = input.mailingId;
  let paused = input.paused ?? false;
  let cancelled = false;
  let changed = false;
  setHandler(mailingPausedSignal, (p) => void (paused = p));
  setHandler(mailingCancelledSignal, () => void (cancelled = true));
  setHandler(mailingChangedSignal, () => void (changed = true));
  /** Sleeps up to `ms`, woken early by any signal. */
  const rest = async (ms: number) => {
    changed = false;
    if (ms > 0) await condition(() => cancelled || changed || paused, ms);
  };

  let throttle: number | null;
  if (!input.sending) {
    // Until the start time, re-read on every edit (the time may have moved).
    for (;;) {
      const { startAt, status, throttlePerMinute } = await mailingStartAt(id);
      throttle = throttlePerMinute;
      if (cancelled || status !== 'scheduled') return status;
      const wait = startAt === null ? 0 : startAt - Date.now();
      if (wait <= 0) break;
      changed = false;
      await condition(() => cancelled || changed, wait);
    }
    if (!(await freezeMailingAudience(id))) return 'cancelled';
  } else throttle = (await mailingStartAt(id)).throttlePerMinute;

  for (;;) {
    if (cancelled) return 'cancelled';
    if (paused) {
      await condition(() => !paused || cancelled);
      continue;
    }
    // Throttled: one slice's share of the per-minute rate per batch.
    const limit: number = throttle
      ? Math.max(1, Math.min(BATCH, Math.floor((throttle * SLICE_MS) / 60_000)))
      : BATCH;
    const started = Date.now();
    const batch: MailingBatchResult = await sendMailingBatch({
      mailingId: id,
      dueBy: started,
      limit,
    });
    throttle = batch.throttlePerMinute;
    if (batch.status === 'paused') paused = true;
    if (batch.status === 'cancelled') return 'cancelled';
    if (batch.handled === 0) {
      if (batch.nextDueAt === null) {
        // An A/B test with a test share: the rest wait for the winner, then are sent it.
        if (isPatched(patches.mailingAbWinner)) {
          const { held, winnerAfterMs } = await mailingHeld(id);
          if (held > 0) {
            await condition(() => cancelled, winnerAfterMs);
            if (cancelled) return 'cancelled';
            await pickMailingWinner(id, Date.now());
            continue;
          }
        }
        await finishMailing(id, 'sent');
        return 'sent';
      }
      await rest(batch.nextDueAt - Date.now());
    } else if (throttle) {
      await rest((batch.handled / throttle) * 60_000 - (Date.now() - started));
    }
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof mailingWorkflow>({ mailingId: id, sending: true, paused });
  }
}
