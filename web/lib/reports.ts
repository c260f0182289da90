// The report pages' names and titles, and the URL of a report's data or file for a view.
import type { ReportName } from '../../core/contract/analytics.ts';

export const REPORTS: Record<ReportName, string> = {
  customers: 'Customer base',
  'data-quality': 'Database quality',
  channels: 'Channels',
  'opens-heatmap': 'Email opens by hour and weekday',
  delivery: 'Email delivery',
  rfm: 'RFM',
  interests: 'Interests',
};

/** The view's query: the period and filters the URL holds, passed on as they are. */
export function reportQuery(params: URLSearchParams): string {
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'channel', 'messagingType']) {
    const v = params.get(k);
    if (v) q.set(k, v);
  }
  return q.toString();
}

export const dataPath = (name: ReportName, query: string) =>
  name === 'data-quality'
    ? `/v1/reports/data-quality/trend?${query}`
    : `/v1/reports/${name}?${query}`;
