// One workflow per mailing (DESIGN decision 5; ID "mailing:<id>"): it waits for the start time,
// freezes the audience, then sends due recipients in batches of up to a thousand per activity,
// pacing them by the throttle and sleeping on a timer until the next recipient's local time.
// Pause, resume, cancel and edits arrive as signals and act between batches, within seconds.
// The cursor is the recipients table itself (pending rows), so continue-as-new carries nothing
// but the pause. An unthrottled mailing sends its recipients in two parts side by side (lanes):
// while one part's batch is read, claimed and recorded, the other's emails keep the SMTP
// connections busy, instead of every connection waiting on the database between batches.
import {
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { MailingBatchInput, MailingBatchResult } from '../activities/mailings.ts';
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
/** Parts sent side by side when unthrottled (a throttled mailing sends one at its rate). */
const LANES = 2;

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

  /** Recipients per batch: a throttled mailing's one slice's share of its per-minute rate. */
  const batchLimit = (rate: number | null) =>
    rate ? Math.max(1, Math.min(BATCH, Math.floor((rate * SLICE_MS) / 60_000))) : BATCH;
  /** One batch (of the lane), noting the throttle and a pause it reports. */
  const sendBatch = async (lane?: MailingBatchInput['lane']) => {
    const started = Date.now();
    const batch: MailingBatchResult = await sendMailingBatch({
      mailingId: id,
      dueBy: started,
      limit: batchLimit(throttle),
      ...(lane && { lane }),
    });
    throttle = batch.throttlePerMinute;
    if (batch.status === 'paused') paused = true;
    return { batch, started };
  };
  /** After a batch that sent some: the rest of the throttle's share of the minute. */
  const paced = (handled: number, started: number) =>
    throttle ? rest((handled / throttle) * 60_000 - (Date.now() - started)) : undefined;

  if (isPatched(patches.mailingLanes)) {
    let stopping = false;
    /**
     * Sends one lane's due recipients, batch after batch: "drained" when none is left,
     * "replan" when the throttle was set or lifted (the lanes change), "stop" on cancel or
     * when the history is long enough to continue as new.
     */
    const runLane = async (lane: MailingBatchInput['lane']) => {
      for (;;) {
        if (cancelled || stopping) return 'stop';
        if (Boolean(lane) === Boolean(throttle)) return 'replan';
        if (paused) {
          await condition(() => !paused || cancelled || stopping);
          continue;
        }
        const { batch, started } = await sendBatch(lane);
        if (batch.status === 'cancelled') cancelled = true;
        if (batch.handled === 0) {
          if (batch.nextDueAt === null) return 'drained';
          await rest(batch.nextDueAt - Date.now());
        } else await paced(batch.handled, started);
        if (workflowInfo().continueAsNewSuggested) stopping = true;
      }
    };
    for (;;) {
      const lanes = throttle
        ? [undefined]
        : Array.from({ length: LANES }, (_, index) => ({ index, of: LANES }));
      const ends = await Promise.all(lanes.map(runLane));
      if (cancelled) return 'cancelled';
      if (stopping)
        await continueAsNew<typeof mailingWorkflow>({ mailingId: id, sending: true, paused });
      if (ends.some((end) => end !== 'drained')) continue;
      // An A/B test with a test share: the rest wait for the winner, then are sent it.
      const { held, winnerAfterMs } = await mailingHeld(id);
      if (held === 0) break;
      await condition(() => cancelled, winnerAfterMs);
      if (cancelled) return 'cancelled';
      await pickMailingWinner(id, Date.now());
    }
    await finishMailing(id, 'sent');
    return 'sent';
  }

  for (;;) {
    if (cancelled) return 'cancelled';
    if (paused) {
      await condition(() => !paused || cancelled);
      continue;
    }
    const { batch, started } = await sendBatch();
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
    } else await paced(batch.handled, started);
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof mailingWorkflow>({ mailingId: id, sending: true, paused });
  }
}
