// Whether a customer may enter a campaign again, from what is known of their past entries.
// Pure, so the rule is tested on its own; db/entries.ts supplies the facts under a lock.
import { assertNever, type ReentryRule } from './graph.ts';

export interface PastEntries {
  /** How many times the customer entered this campaign. */
  count: number;
  /** Their latest entry, if any. */
  last?: { enteredAt: Date; open: boolean };
}

export type ReentryDecision = { allowed: true } | { allowed: false; reason: string };

const DAY_MS = 86_400_000;

export function reentryDecision(rule: ReentryRule, past: PastEntries, now: Date): ReentryDecision {
  if (past.count === 0 || !past.last) return { allowed: true };
  switch (rule.kind) {
    case 'once':
      return { allowed: false, reason: 'the customer entered this campaign before' };
    case 'oncePerPeriod': {
      const next = past.last.enteredAt.getTime() + rule.days * DAY_MS;
      return now.getTime() >= next
        ? { allowed: true }
        : { allowed: false, reason: `the last entry was less than ${rule.days} day(s) ago` };
    }
    case 'maxTimes':
      return past.count < rule.times
        ? { allowed: true }
        : {
            allowed: false,
            reason: `the customer entered ${past.count} time(s), the most allowed`,
          };
    case 'notWhileRunning':
      return past.last.open
        ? { allowed: false, reason: 'a journey of this customer is still running' }
        : { allowed: true };
    default:
      return assertNever(rule);
  }
}
