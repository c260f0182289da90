// Analytics upkeep for the herald:report-snapshots schedule (the daily snapshot tables, and the
// receipts that arrived since the last run attributed), and reports mailed on their schedules.
import { tablesOf, toCsv, toXlsx } from '../core/report-files.ts';
import { attribute } from '../db/attribution.ts';
import { runReport } from '../db/report-run.ts';
import { reportScheduleById } from '../db/report-schedules.ts';
import { takeSnapshots } from '../db/report-snapshots.ts';
import type { ActivityDeps } from './deps.ts';

/** Receipts this recent are attributed again on every run: late opens and late imports. */
const REATTRIBUTE_HOURS = 48;

export function reportActivities(deps: ActivityDeps) {
  return {
    takeReportSnapshots: async (): Promise<{ days: number; attributed: number }> => {
      const attributed = await attribute(deps.db, {
        createdSince: new Date(Date.now() - REATTRIBUTE_HOURS * 3_600_000),
      });
      const { days } = await takeSnapshots(deps.db);
      return { days, attributed };
    },

    /** Runs the schedule's report for its last days and mails it as a file; false if deleted. */
    emailReport: async (scheduleId: string): Promise<boolean> => {
      const s = await reportScheduleById(deps.db, scheduleId);
      if (!s) return false;
      const to = new Date();
      const from = new Date(to.getTime() - (s.query.days - 1) * 86_400_000);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      const answer = await runReport(deps.db, s.report, {
        from: day(from),
        to: day(to),
        channel: s.query.channel,
      });
      const tables = tablesOf(answer);
      const content =
        s.format === 'csv' ? Buffer.from(toCsv(tables)) : await toXlsx(tables, s.report);
      const filename = `${s.report}-${day(to)}.${s.format}`;
      for (const address of s.recipients)
        await deps.email.send({
          to: address,
          subject: `Herald report: ${s.report}, ${day(from)} to ${day(to)}`,
          text: `The ${s.report} report for ${day(from)} to ${day(to)} is attached (${filename}).`,
          html: `<p>The <b>${s.report}</b> report for ${day(from)} to ${day(to)} is attached (${filename}).</p>`,
          messageId: `report-${scheduleId}-${Date.now()}-${address}`,
          attachments: [{ filename, content }],
        });
      return true;
    },
  };
}
