// Conditions on what customers bought: receipts and their lines in a period, the precomputed
// metrics (orders, average check, CLTV, RFM), and loyalty points.
import { z } from 'zod';
import { CustomFilter } from './customer.ts';
import { METRIC_FIELDS, type MetricField } from './fields.ts';
import { Count, NumberTest, Period, TextTest, ValueTest } from './tests.ts';
import { checkOperator } from './typed.ts';

/**
 * Purchases (returns are not counted) in a period: how many, their sum or their average,
 * optionally only at a store, from a source or with custom fields. A count of 0 matches
 * customers with no such receipt.
 */
export const ReceiptsCondition = z.object({
  kind: z.literal('receipts'),
  measure: z.enum(['count', 'sum', 'average']).default('count'),
  test: Count,
  period: Period,
  store: TextTest.optional(),
  source: TextTest.optional(),
  custom: z.array(CustomFilter).max(20).default([]),
});
export type ReceiptsCondition = z.infer<typeof ReceiptsCondition>;

/**
 * Receipt lines matching every filter given, in purchases of a period: the number of receipts
 * holding such a line ("bought toothpaste at least twice in 2019"), of lines, the quantity
 * bought or the amount spent on them.
 */
export const ReceiptLinesCondition = z.object({
  kind: z.literal('receiptLines'),
  measure: z.enum(['receipts', 'lines', 'quantity', 'amount']).default('receipts'),
  test: Count,
  period: Period,
  productId: TextTest.optional(),
  name: TextTest.optional(),
  category: TextTest.optional(),
  /** Per line: its unit price and quantity. */
  price: NumberTest.optional(),
  quantity: NumberTest.optional(),
  store: TextTest.optional(),
  custom: z.array(CustomFilter).max(20).default([]),
});
export type ReceiptLinesCondition = z.infer<typeof ReceiptLinesCondition>;

const metricNames = Object.keys(METRIC_FIELDS) as [MetricField, ...MetricField[]];

/** A precomputed metric (db/metrics.ts): what most commerce segments need, without a scan. */
export const MetricCondition = z
  .object({
    kind: z.literal('metric'),
    metric: z.enum(metricNames, { error: `pick one of ${metricNames.join(', ')}` }),
    test: ValueTest,
  })
  .superRefine((c, ctx) => checkOperator(c.test, METRIC_FIELDS[c.metric]?.type, c.metric, ctx));
export type MetricCondition = z.infer<typeof MetricCondition>;

/**
 * Loyalty points: the balance now, or the points accrued, spent or expiring in a period
 * (expiring reads what is left of accruals whose expiry falls in it, e.g. `inNext` 30 days).
 */
export const PointsCondition = z.object({
  kind: z.literal('points'),
  measure: z.enum(['balance', 'accrued', 'spent', 'expiring']).default('balance'),
  test: NumberTest,
  period: Period,
});
export type PointsCondition = z.infer<typeof PointsCondition>;
