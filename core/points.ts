// Loyalty points: the rules that accrue them, manual adjustments, and the arithmetic.
import { z } from 'zod';
import { EventType } from './event.ts';

const ExpiresAfterDays = z
  .number()
  .int('send whole days')
  .positive('send a number of days above 0, or leave it out for points that never expire')
  .max(36_500)
  .optional();

const RuleBase = z.object({
  name: z.string().min(1).max(200),
  expiresAfterDays: ExpiresAfterDays,
  active: z.boolean().default(true),
});

export const PointsRuleInput = z.discriminatedUnion(
  'kind',
  [
    RuleBase.extend({
      kind: z.literal('receipt'),
      /** Points per 100 of a receipt's amount: 5 gives 5 points for a receipt of 100. */
      percent: z.number().positive('send a share above 0, such as 5 for 5%').max(100),
    }),
    RuleBase.extend({
      kind: z.literal('event'),
      eventType: EventType.refine((t) => t !== 'points_accrued', {
        message: 'points_accrued cannot earn points: each accrual would earn another',
      }),
      amount: z.number().positive('send the points the event earns, above 0').max(1e9),
    }),
  ],
  { error: 'send kind "receipt" (a share of each receipt) or "event" (a fixed amount)' },
);
export type PointsRuleInput = z.infer<typeof PointsRuleInput>;

export const PointsRule = z.object({
  id: z.uuid(),
  kind: z.enum(['receipt', 'event']),
  name: z.string(),
  percent: z.number().nullable(),
  eventType: z.string().nullable(),
  amount: z.number().nullable(),
  expiresAfterDays: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type PointsRule = z.infer<typeof PointsRule>;

export const PointsAdjustment = z.object({
  amount: z
    .number('send the points to add (above 0) or take away (below 0)')
    .finite()
    .refine((n) => n !== 0, 'send a non-zero amount')
    .refine((n) => Math.abs(n) <= 1e9, 'send at most 1,000,000,000 points'),
  reason: z.string().min(1, 'say why, e.g. "goodwill for a late delivery"').max(500),
  expiresAfterDays: ExpiresAfterDays,
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export type PointsAdjustment = z.infer<typeof PointsAdjustment>;

export const LedgerEntry = z.object({
  id: z.number(),
  delta: z.number(),
  reason: z.string(),
  ruleId: z.string().nullable(),
  receiptId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  remaining: z.number(),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** Points a receipt earns under a share rule, to the cent. */
export function receiptPoints(total: number, percent: number): number {
  return Math.round(total * percent) / 100;
}

/** When an accrual made at `at` expires, or null when it does not. */
export function expiryOf(at: Date, days: number | null | undefined): Date | null {
  return days ? new Date(at.getTime() + days * 86_400_000) : null;
}
