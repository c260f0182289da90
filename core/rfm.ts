// RFM (recency, frequency, monetary) scores and segments, and the customer-value constants.
// Each score is a quintile, 1 (worst) to 5 (best), ranked over all customers who bought. The
// segment is read from the recency and frequency scores with the widely used RFM segment map
// (the "seg_map" of R×F cells), where the 1-1 cell is split out of "hibernating" as "lost".
import { z } from 'zod';

export const RfmSegment = z.enum([
  'champions',
  'loyal',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose',
  'hibernating',
  'lost',
]);
export type RfmSegment = z.infer<typeof RfmSegment>;

/** GRID[r - 1][f - 1]: the segment of recency score r and frequency score f. */
const GRID: readonly (readonly RfmSegment[])[] = [
  /* r=1 */ ['lost', 'hibernating', 'at_risk', 'at_risk', 'cannot_lose'],
  /* r=2 */ ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cannot_lose'],
  /* r=3 */ ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
  /* r=4 */ ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
  /* r=5 */ ['new', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
];

export function rfmSegment(r: number, f: number): RfmSegment {
  const segment = GRID[r - 1]?.[f - 1];
  if (!segment) throw new RangeError(`RFM scores run from 1 to 5, got r=${r} f=${f}`);
  return segment;
}

/** The same map as a SQL expression over two score expressions, so SQL and code cannot differ. */
export function rfmSegmentSql(r: string, f: string): string {
  const cells = GRID.flatMap((row, ri) =>
    row.map((segment, fi) => `when ${(ri + 1) * 10 + fi + 1} then '${segment}'`),
  );
  return `(case (${r}) * 10 + (${f}) ${cells.join(' ')} end)`;
}

/**
 * CLTV = average check × receipts per year × expected lifetime. Receipts per year are counted
 * over the customer's tenure (first to last purchase), at least one year, so a new customer's
 * one receipt is not extrapolated into hundreds.
 */
export const CLTV_LIFETIME_YEARS = 3;

/** Weights of what shows an interest in a category: a purchase says more than a look. */
export const INTEREST_WEIGHTS = { purchase: 3, view: 1 } as const;
/** The event types that show interest; their `category` (or `categoryId`) property is read. */
export const INTEREST_EVENT_TYPES = ['product_view', 'category_view'] as const;
export const TOP_INTERESTS = 5;

export const Interest = z.object({ category: z.string(), score: z.number() });
export type Interest = z.infer<typeof Interest>;

export const CustomerMetrics = z.object({
  /** Orders: purchases not refunded in full by the returns that name them. */
  receiptsCount: z.number(),
  /** Revenue net of returns: purchases less every refund. */
  totalSpent: z.number(),
  returnsCount: z.number(),
  /** What the customer's returns refunded. */
  returnedAmount: z.number(),
  averageCheck: z.number().nullable(),
  firstPurchaseAt: z.string().nullable(),
  lastPurchaseAt: z.string().nullable(),
  daysSinceLastPurchase: z.number().nullable(),
  cltv: z.number().nullable(),
  rfm: z.object({ r: z.number(), f: z.number(), m: z.number(), segment: RfmSegment }).nullable(),
  interests: z.array(Interest),
});
export type CustomerMetrics = z.infer<typeof CustomerMetrics>;

/** Whole days between the last purchase and now; derived when read, so it is never stale. */
export function daysSince(at: Date | null, now: Date): number | null {
  return at === null ? null : Math.floor((now.getTime() - at.getTime()) / 86_400_000);
}
