// Times each report for a 90-day period on the benchmark's data (bench/reports.ts), live from
// the base tables, then the channels report again once its daily rollup is filled. The bare
// baseline is one count over the period's messages, so the figures read as ratios on a busy machine.
import { ReportName } from '../core/contract/analytics.ts';
import { isoDay } from '../core/report-period.ts';
import type { Db } from '../db/connection.ts';
import { mailingReport } from '../db/report-mailing.ts';
import { runReport } from '../db/report-run.ts';
import { backfillChannelSnapshots } from '../db/report-snapshots.ts';

const time = async (label: string, work: () => Promise<unknown>, base?: number) => {
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  console.log(
    `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s${base ? `  ${(ms / base).toFixed(1)}× bare` : ''}`,
  );
  return ms;
};

export async function timeReports(db: Db): Promise<void> {
  const { rows } = await db.raw<{ rows: Record<string, number>[] }>(
    `select (select count(*) from customers)::int customers, (select count(*) from receipts)::int receipts,
       (select count(*) from messages)::int messages`,
  );
  console.log('data:', rows[0]);
  const to = new Date();
  const from = new Date(to.getTime() - 89 * 86_400_000);
  const q = { from: isoDay(from), to: isoDay(to) };
  const bare = await time("bare: count the period's messages", () =>
    db.raw('select count(*) from messages where created_at >= ? and created_at < ?', [from, to]),
  );
  for (const name of ReportName.options) await time(name, () => runReport(db, name, q), bare);
  const mailing = await db('mailings')
    .orderBy('started_at', 'desc')
    .offset(30)
    .first<{ id: string }>('id');
  await time(
    'one mailing (attribution recomputed)',
    async () => {
      const { attribute } = await import('../db/attribution.ts');
      await attribute(db, { mailingId: mailing.id });
    },
    bare,
  );
  await time('one mailing report', () => mailingReport(db, { mailingId: mailing.id }), bare);
  await time('rollup: fill 90 days of snapshots', () => backfillChannelSnapshots(db, from, to));
  await time('channels from the rollup', () => runReport(db, 'channels', q), bare);
}
