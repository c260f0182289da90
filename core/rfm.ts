// RFM (recency, frequency, monetary) scores and segments, and the customer-value constants.
// Each score is a true quintile, 1 (worst) to 5 (best): the customers who ordered inside the
// analysis window are put in one order per score (RFM_ORDER, ties broken by the other two values,
// then the external ID, then Herald's ID) and cut into five groups of equal size. The segment is
// read from the recency and frequency scores with the widely used RFM segment map (the "seg_map"
// of R×F cells), where the 1-1 cell is split out of "hibernating" as "lost". A customer who has
// ordered, but not inside the window, is "lapsed" and scored 1-1-1 outside the quintiles.
// The definitions, with a worked example, are in docs/metrics.md.
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
  'lapsed',
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

/**
 * The same map as a SQL expression over two score expressions and a lapsed flag, so SQL and code
 * cannot differ.
 */
export function rfmSegmentSql(r: string, f: string, lapsed: string): string {
  const cells = GRID.flatMap((row, ri) =>
    row.map((segment, fi) => `when ${(ri + 1) * 10 + fi + 1} then '${segment}'`),
  );
  return `(case when ${lapsed} then 'lapsed' else case (${r}) * 10 + (${f}) ${cells.join(' ')} end end)`;
}

/**
 * What each score ranks by, best first, over `days` (whole days from the last order to the
 * scoring date), `f` (orders in the window) and `m` (revenue in the window): its own value, then
 * the other two as tie-breaks. Recency counts a day as one value, so same-day buyers tie and the
 * more frequent ranks first; frequency ties (the many one-time buyers) go to the bigger spender,
 * not the more recent, so a recent one-time buyer stays "new" rather than a "champion".
 */
const RANK_KEYS = {
  r: [
    ['days', 'asc'],
    ['f', 'desc'],
    ['m', 'desc'],
  ],
  f: [
    ['f', 'desc'],
    ['m', 'desc'],
    ['days', 'asc'],
  ],
  m: [
    ['m', 'desc'],
    ['f', 'desc'],
    ['days', 'asc'],
  ],
} as const;
type Score = keyof typeof RANK_KEYS;
const SCORES = ['r', 'f', 'm'] as const;

/** Last tie-breaks: the external ID in byte order, then Herald's ID, so ranks never depend on
 * the order rows happen to be read in. */
const TIE_BREAK = `external_id collate "C" nulls last, customer_id`;

/** Each score's ORDER BY, best first (SQL over days, f, m, external_id, customer_id). */
export const RFM_ORDER = Object.fromEntries(
  SCORES.map((k) => [k, [...RANK_KEYS[k].map(([c, d]) => `${c} ${d}`), TIE_BREAK].join(', ')]),
) as Record<Score, string>;

/**
 * Each score's rank key as a numeric array that is greater the better the customer (arrays
 * compare element by element): the key of the worst customer holding a score is that score's
 * boundary, and a customer scored between rankings reaches the scores whose boundary its key
 * reaches.
 */
export const RFM_KEY = Object.fromEntries(
  SCORES.map((k) => [
    k,
    `array[${RANK_KEYS[k].map(([c, d]) => (d === 'desc' ? c : `-${c}`)).join(', ')}]::numeric[]`,
  ]),
) as Record<Score, string>;

/**
 * The quintile of the customer at `position` (1 = best) of `n`: 5 − ⌊5(position − 1) / n⌋.
 * Each score holds n/5 customers (the higher scores take the remainder), and under five
 * customers the best is still a 5.
 */
export function quintile(position: number, n: number): number {
  return 5 - Math.floor((5 * (position - 1)) / n);
}
/** quintile() in SQL, over two bigint expressions (integer division floors non-negatives). */
export const quintileSql = (position: string, n: string) =>
  `(5 - (5 * (${position} - 1)) / ${n})::smallint`;

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
