// The account's metric settings (core/metric-settings.ts): one row, read by the metrics SQL
// itself (db/metrics.ts joins it), read and changed here for the api.
import type { MetricSettings, MetricSettingsPatch } from '../core/metric-settings.ts';
import type { Db } from './connection.ts';

interface SettingsRow {
  rfm_window_days: number | null;
  cltv_lifetime_years: string;
  cltv_gross_margin: string;
  cltv_min_tenure_days: number;
}

const toSettings = (r: SettingsRow): MetricSettings => ({
  rfmWindowDays: r.rfm_window_days,
  cltvLifetimeYears: Number(r.cltv_lifetime_years),
  cltvGrossMargin: Number(r.cltv_gross_margin),
  cltvMinTenureDays: r.cltv_min_tenure_days,
});

export async function getMetricSettings(db: Db): Promise<MetricSettings> {
  const row = await db('metric_settings').first<SettingsRow>();
  return toSettings(row);
}

/** Stores the settings sent, keeps the others; answers all of them. */
export async function updateMetricSettings(
  db: Db,
  patch: MetricSettingsPatch,
): Promise<MetricSettings> {
  const columns = {
    rfm_window_days: patch.rfmWindowDays,
    cltv_lifetime_years: patch.cltvLifetimeYears,
    cltv_gross_margin: patch.cltvGrossMargin,
    cltv_min_tenure_days: patch.cltvMinTenureDays,
  };
  const changed = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
  const [row] = await db('metric_settings')
    .update({ ...changed, updated_at: db.fn.now() })
    .returning<SettingsRow[]>('*');
  return toSettings(row!);
}
