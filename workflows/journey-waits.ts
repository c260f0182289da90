// How a journey waits: for a time, an instant, a window of local time or a profile date, used by
// the wait nodes (nodes/wait.ts), sends in quiet hours and abandonment periods. Waiting is a
// durable timer (or a condition with a timeout); the journey records where and until when.
import { condition, sleep } from '@temporalio/workflow';
import { readAttribute } from '../core/conditions.ts';
import { dateAttributeInstant } from '../core/date-attribute.ts';
import type { SendingWindow } from '../core/graph.ts';
import { nextWindowStart } from '../core/time-window.ts';
import { loadProfile } from './journey-activities.ts';
import type { Walk } from './journey-context.ts';

/**
 * Waits `span` (milliseconds, or until an instant), or less if `done()` comes true first (then
 * it returns true), recording where the journey waits and until when. A plain delay is a bare
 * timer. The time left is counted once the wait is recorded: recording is an activity, which
 * takes time of its own, and an instant must be kept to the millisecond.
 */
export async function waitUntil(
  w: Walk,
  nodeId: string,
  span: number | { at: Date },
  done?: () => boolean,
): Promise<boolean> {
  await w.progress.waits(nodeId);
  const ms = typeof span === 'number' ? span : span.at.getTime() - Date.now();
  if (ms <= 0) return done?.() ?? false;
  w.state.wakeUpAt = new Date(Date.now() + ms).toISOString();
  try {
    if (!done) {
      await sleep(ms);
      return false;
    }
    return await condition(done, ms);
  } finally {
    w.state.wakeUpAt = null;
  }
}

/** Waits until `at`; an instant already past lets the journey straight through. */
export async function waitUntilInstant(w: Walk, nodeId: string, at: Date): Promise<void> {
  if (at.getTime() > Date.now()) await waitUntil(w, nodeId, { at });
}

/** The customer's time zone, read fresh (it may have been detected since the journey began). */
async function timeZoneOf(
  w: Walk,
): Promise<{ timeZone: string; profile: Record<string, unknown> }> {
  const profile = await loadProfile(w.input.customerId);
  return { timeZone: typeof profile.timeZone === 'string' ? profile.timeZone : 'UTC', profile };
}

/** Waits, if need be, until the window opens in the customer's time zone. */
export async function waitForWindow(w: Walk, nodeId: string, window: SendingWindow): Promise<void> {
  const { timeZone } = await timeZoneOf(w);
  await waitUntilInstant(w, nodeId, nextWindowStart(window, timeZone, new Date(Date.now())));
}

/**
 * Waits until a profile date plus an offset, at a local time of the customer's zone. Returns
 * false, without waiting, when the customer has no such date.
 */
export async function waitForDateAttribute(
  w: Walk,
  node: { id: string; attribute: string; offsetDays: number; time: string },
): Promise<boolean> {
  const { timeZone, profile } = await timeZoneOf(w);
  const at = dateAttributeInstant(readAttribute(profile, node.attribute), {
    offsetDays: node.offsetDays,
    time: node.time,
    timeZone,
    now: new Date(Date.now()),
  });
  if (!at) return false;
  await waitUntilInstant(w, node.id, at);
  return true;
}
