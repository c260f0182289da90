// Times each report for a 90-day period on the benchmark's data (bench/reports.ts): first live
// from the base tables (the rollups emptied), then with the daily rollups filled for the period,
// as the herald:report-snapshots schedule keeps them (whole days from the rollups, today live).
// The bare baseline is one count over the period's messages, so the figures read as ratios on a
// busy machine; the load average is printed beside each figure.
import { loadavg } from 'node:os';
import { ReportName } from '../core/contract/analytics.ts';
import { isoDay } from '../core/report-period.ts';
import type { Db } from '../db/connection.ts';
import { mailingReport } from '../db/report-mailing.ts';
import { fillRollups } from '../db/report-rollups.ts';
import { runReport } from '../db/report-run.ts';
import { backfillChannelSnapshots, takeSnapshots } from '../db/report-snapshots.ts';
import { timeAttributionChange } from './reports-cold.ts';

const ROLLUPS = [
  'report_daily_channels',
  'report_daily_opens',
  'report_daily_delivery',
  'report_daily_failures',
  'report_rollup_days',
  // The customer-base report's counts: without them it counts every customer.
  'report_customer_counts',
  'report_daily_customers',
];

const time = async (label: string, work: () => Promise<unknown>, base?: number) => {
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  console.log(
    `${label.padEnd(40)} ${(ms / 1000).toFixed(2).padStart(7)} s${base ? `  ${(ms / base).toFixed(1).padStart(6)}× bare` : ''}   load ${loadavg()[0]!.toFixed(1)}`,
  );
  return ms;
};

export async function timeReports(db: Db, only?: 'live' | 'rollups'): Promise<void> {
  const { rows } = await db.raw<{ rows: Record<string, number>[] }>(
    `select (select count(*) from customers)::int customers, (select count(*) from receipts)::int receipts,
       (select count(*) from messages)::int messages`,
  );
  console.log('data:', rows[0]);
  const to = new Date();
  const from = new Date(to.getTime() - 89 * 86_400_000);
  const q = { from: isoDay(from), to: isoDay(to) };
  const bare = await time("bare: count the period's messages", () =>
    db.raw('select count(*) from messages where created_at >= ? and created_at < ?', [
      new Date(`${q.from}T00:00:00Z`),
      to,
    ]),
  );
  const mailing = await db('mailings')
    .orderBy('started_at', 'desc')
    .offset(30)
    .first<{ id: string }>('id');
  // Each report three times: the first as a user who opens it cold, then the best of two more,
  // since the shared machine's load moves a single figure by a factor of two.
  const thrice = async (label: string, work: () => Promise<unknown>) => {
    await time(`${label}, first`, work, bare);
    const again = [
      await time(`${label}, again`, work, bare),
      await time(`${label}, again`, work, bare),
    ];
    console.log(
      `${`${label}, best`.padEnd(40)} ${(Math.min(...again) / 1000).toFixed(2).padStart(7)} s`,
    );
  };
  const each = async (how: string) => {
    for (const name of ReportName.options)
      await thrice(`${name} (${how})`, () => runReport(db, name, q));
    await thrice(`one mailing (${how})`, () => mailingReport(db, { mailingId: mailing.id }));
  };
  if (only !== 'rollups') {
    await db.raw(`truncate ${ROLLUPS.join(', ')}`);
    await each('live');
  }
  if (only !== 'live') {
    const until = new Date(`${isoDay(to)}T00:00:00Z`);
    const since = new Date(`${q.from}T00:00:00Z`);
    if (!(await db('report_rollup_days').first()))
      await time('rollups: fill the 89 whole days', async () => {
        await backfillChannelSnapshots(db, since, until);
        await fillRollups(db, since, until);
      });
    await time('rollups: the daily run (takeSnapshots)', () => takeSnapshots(db));
    await each('rollups');
  }
  // The rules of a sent mailing changed: its attribution recomputed (db/attribution-mailing.ts).
  await timeAttributionChange(db, mailing.id, 'warm, after the reports');
}
