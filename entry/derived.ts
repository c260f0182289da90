// Derived events: what one thing that happened to a customer makes happen next. A changed
// profile is a `profile_updated` event ("confirm your new email"); points a rule or a campaign
// credits are `points_accrued` events ("you earned 50 points, your balance is 320"). The
// pipeline queues them behind the event that caused them instead of recursing.
import { accrueForEvent, type Posted, type RuleRow } from '../db/points.ts';
import type { NewEvent } from '../db/events.ts';
import type { ProfileChanges } from '../db/customers.ts';
import type { EntryDeps } from './deps.ts';

export const POINTS_ACCRUED = 'points_accrued';

export const profileUpdated = (
  customerId: string,
  changes: ProfileChanges,
  source?: string,
): NewEvent => ({ customerId, type: 'profile_updated', properties: { ...changes }, source });

/** One `points_accrued` event per credit; debits (redemptions, expiry) announce nothing. */
export const pointsAccrued = (customerId: string, posted: Posted[]): NewEvent[] =>
  posted
    .filter((p) => p.entry.delta > 0)
    .map(({ entry, balance }) => ({
      customerId,
      type: POINTS_ACCRUED,
      properties: { amount: entry.delta, balance, reason: entry.reason },
      occurredAt: entry.createdAt,
      // The ledger entry is the announcement's identity: a retry announces it once.
      idempotencyKey: `points:${entry.id}`,
    }));

/**
 * The points a newly stored event earns by rule (registration, a review, a page view...). The
 * ledger is keyed by event and rule, so this is safe to repeat. Announcements earn nothing
 * themselves, which is what makes the pipeline's queue finite.
 */
export async function pointsEarned(
  deps: EntryDeps,
  event: { id: string; customerId: string; type: string },
  /** The active event rules, when the caller has read them already. */
  eventRules?: RuleRow[],
): Promise<NewEvent[]> {
  if (event.type === POINTS_ACCRUED) return [];
  return pointsAccrued(event.customerId, await accrueForEvent(deps.db, event, eventRules));
}
