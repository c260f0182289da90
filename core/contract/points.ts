// Points rules, a customer's balance and ledger, and manual adjustments (schemas in core/points.ts).
import { z } from 'zod';
import { LedgerEntry, PointsRule } from '../points.ts';

export const PointsRulePatch = z.object({ active: z.boolean('send active: true or false') });
export type PointsRulePatch = z.infer<typeof PointsRulePatch>;

export const PointsRules = z.object({ rules: z.array(PointsRule) });
export type PointsRules = z.infer<typeof PointsRules>;
export const PointsRuleAnswer = z.object({ rule: PointsRule });
export type PointsRuleAnswer = z.infer<typeof PointsRuleAnswer>;

export const Points = z.object({ balance: z.number(), ledger: z.array(LedgerEntry) });
export type Points = z.infer<typeof Points>;

export const PointsPosted = z.object({
  duplicate: z.literal(false),
  entry: LedgerEntry,
  balance: z.number(),
});
export type PointsPosted = z.infer<typeof PointsPosted>;
/** A repeated idempotencyKey changes nothing: the answer is the balance and latest entry. */
export const PointsDuplicate = Points.extend({ duplicate: z.literal(true) });
export type PointsDuplicate = z.infer<typeof PointsDuplicate>;
