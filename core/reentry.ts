// Whether a customer may enter a campaign again, from what is known of their past entries.
// Pure, so the rule is tested on its own; db/entries.ts supplies the facts under a lock.
import { assertNever, type CampaignGraph, type ReentryRule } from './graph.ts';

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

/** Whether the campaign takes anyone now (its dates) and this customer (test mode). */
export function campaignAdmits(
  graph: Pick<CampaignGraph, 'testMode' | 'startsAt' | 'endsAt'>,
  customer: { isTester: boolean },
  now: Date,
): ReentryDecision {
  if (graph.startsAt && now < new Date(graph.startsAt))
    return { allowed: false, reason: `the campaign starts at ${graph.startsAt}` };
  if (graph.endsAt && now >= new Date(graph.endsAt))
    return { allowed: false, reason: `the campaign ended at ${graph.endsAt}` };
  if (graph.testMode && !customer.isTester)
    return {
      allowed: false,
      reason: 'the campaign is in test mode and the customer is not a tester',
    };
  return { allowed: true };
}
