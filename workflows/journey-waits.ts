// The nodes that wait: delays of every kind, sending windows and abandonment periods. Waiting is
// a durable timer (or a condition with a timeout); the journey records where and until when.
import { condition, sleep } from '@temporalio/workflow';
import { eventMatches, readAttribute } from '../core/conditions.ts';
import { dateAttributeInstant } from '../core/date-attribute.ts';
import { durationMs, type SendingWindow, type TriggerNode } from '../core/graph.ts';
import { nextWindowStart } from '../core/time-window.ts';
import { loadProfile, markJourneyNode } from './journey-activities.ts';
import type { Walk } from './journey-walk.ts';

/**
 * Waits `ms`, or less if `done()` comes true first (then it returns true), recording where the
 * journey waits and until when. A plain delay is a bare timer.
 */
export async function waitUntil(
  w: Walk,
  nodeId: string,
  ms: number,
  done?: () => boolean,
): Promise<boolean> {
  if (!w.counting) await markJourneyNode(w.workflowId, nodeId); // countStep already recorded it
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
  const ms = at.getTime() - Date.now();
  if (ms > 0) await waitUntil(w, nodeId, ms);
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

/**
 * An abandonment trigger's quiet period: the journey goes on once `within` passes with no new
 * trigger event (each one restarts the period). The `unlessWithin` event itself ends the journey
 * through the workflow's exit handling, which cancels this wait.
 */
export async function waitOutAbandonment(w: Walk, trigger: TriggerNode): Promise<void> {
  const unless = trigger.unlessWithin;
  if (!unless) return;
  // The journey waits at its trigger: the live view and the state query show it there.
  w.state.currentNode = trigger.id;
  if (w.counting) await markJourneyNode(w.workflowId, trigger.id);
  let from = w.received.length;
  const again = () => w.received.slice(from).some((e) => eventMatches(trigger, e));
  while (await waitUntil(w, trigger.id, durationMs(unless.within), again)) {
    from = w.received.length;
  }
}
