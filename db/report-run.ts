// Every named report, run by name: the api's routes, the export and the mailed reports share it.
import type { ReportName, ReportQuery } from '../core/contract/analytics.ts';
import { periodOf } from '../core/report-period.ts';
import type { Db } from './connection.ts';
import { customerBaseReport, interestsReport, qualityTrend, rfmGrid } from './report-customers.ts';
import { channelsReport, deliveryReport, opensHeatmap } from './report-messages.ts';
import { qualitySnapshotToday } from './report-snapshots.ts';
import { dataQualityReport } from './reports.ts';

export async function runReport(db: Db, name: ReportName, q: ReportQuery, now = new Date()) {
  const p = periodOf(q, now);
  const filter = { channel: q.channel, messagingType: q.messagingType };
  switch (name) {
    case 'customers':
      return customerBaseReport(db, p);
    case 'data-quality':
      // The schedule's snapshot of today when it has run (it counts every customer's contacts).
      return {
        today: (await qualitySnapshotToday(db, now)) ?? (await dataQualityReport(db)),
        ...(await qualityTrend(db, p)),
      };
    case 'channels':
      return channelsReport(db, p, filter);
    case 'opens-heatmap':
      return opensHeatmap(db, p);
    case 'delivery':
      return deliveryReport(db, p, filter);
    case 'rfm':
      return rfmGrid(db);
    case 'interests':
      return interestsReport(db, p);
  }
}
