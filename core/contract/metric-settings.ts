// The account's metric settings (schemas in core/metric-settings.ts): read, and changed with a
// recompute of every customer's metrics started at once.
import { z } from 'zod';
import { MetricSettings } from '../metric-settings.ts';

export const MetricSettingsAnswer = z.object({ settings: MetricSettings });
export type MetricSettingsAnswer = z.infer<typeof MetricSettingsAnswer>;

export const MetricSettingsChanged = z.object({
  settings: MetricSettings,
  /** The Temporal workflow recomputing every customer's metrics with the new settings. */
  recompute: z.object({ workflowId: z.string() }),
});
export type MetricSettingsChanged = z.infer<typeof MetricSettingsChanged>;
