// The settings customer metrics are computed with: the RFM analysis window and the CLTV model's
// expected lifetime, gross margin and minimum tenure. They are the account's (one row in
// metric_settings), changed at PATCH /v1/settings/metrics; docs/metrics.md defines each.
import { z } from 'zod';

export const MetricSettings = z.object({
  /**
   * RFM looks at the orders of the last so many days before the scoring date; a customer whose
   * last order is older is "lapsed". Null: all of history.
   */
  rfmWindowDays: z
    .number('send a whole number of days (365 for the last 12 months), or null for all history')
    .int('send a whole number of days')
    .min(1, 'the window is at least 1 day')
    .max(36_525, 'the window is at most 36525 days (100 years); send null for all history')
    .nullable(),
  /** How many more years a customer is expected to keep buying. */
  cltvLifetimeYears: z
    .number('send the expected lifetime in years, such as 3')
    // More than 0, kept to 4 decimal places (migration 0051): less would be stored as 0.
    .min(0.0001, 'the expected lifetime is more than 0 years (at least 0.0001)')
    .max(100, 'the expected lifetime is at most 100 years'),
  /** The share of revenue kept as gross profit; 1 makes CLTV a revenue figure. */
  cltvGrossMargin: z
    .number('send the gross margin as a share, such as 0.35 for 35%')
    // More than 0, kept to 5 decimal places (migration 0051): less would be stored as 0.
    .min(0.00001, 'the gross margin is more than 0 (at least 0.00001)')
    .max(1, 'the gross margin is a share of revenue, at most 1 (100%)'),
  /**
   * Tenure (first order to the scoring date) counts as at least this many days when orders per
   * year are worked out, so a customer who bought once yesterday is not extrapolated to 365 a year.
   */
  cltvMinTenureDays: z
    .number('send a whole number of days, such as 90')
    .int('send a whole number of days')
    .min(1, 'the minimum tenure is at least 1 day')
    .max(36_525, 'the minimum tenure is at most 36525 days'),
});
export type MetricSettings = z.infer<typeof MetricSettings>;

/** Every setting is optional; the ones sent replace the stored ones. */
export const MetricSettingsPatch = MetricSettings.partial().refine(
  (p) => Object.keys(p).length > 0,
  'send at least one of rfmWindowDays, cltvLifetimeYears, cltvGrossMargin, cltvMinTenureDays',
);
export type MetricSettingsPatch = z.infer<typeof MetricSettingsPatch>;

/** What a new Herald starts with: all of history, three years, revenue, a quarter. */
export const DEFAULT_METRIC_SETTINGS: MetricSettings = {
  rfmWindowDays: null,
  cltvLifetimeYears: 3,
  cltvGrossMargin: 1,
  cltvMinTenureDays: 90,
};
