// The bare baseline's workflow: one no-op activity, after an optional timer. It is what the
// Temporal server and a worker can do at most on this machine, with nothing of Herald's around.
import { proxyActivities, sleep } from '@temporalio/workflow';

export interface BareActivities {
  /** Does nothing but say when it ran: the baseline's "first step". */
  noop(): Promise<number>;
}

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

/** Returns when its activity ran (epoch milliseconds, the worker's clock). */
export async function bareWorkflow(sleepMs = 0): Promise<number> {
  if (sleepMs > 0) await sleep(sleepMs);
  return noop();
}
