// The daily snapshot tables behind the trend charts (migration 0190), filled by the
// herald:report-snapshots schedule. Today's data quality and customer count are written as they
// are now (the last run of the day stands); message counts are recounted for the last days,
// because opens and clicks keep arriving for days after a send; so are the rollups of opens and
// delivery (db/report-rollups.ts).
import { isoDay } from '../core/report-period.ts';
import { snapshotCustomerCounts } from './report-customer-counts.ts';
import { COUNTS } from './report-messages.ts';
import { fillRollups } from './report-rollups.ts';
import { dataQualityReport } from './reports.ts';
import type { Db } from './connection.ts';

/** How many past days of message counts each run recounts. */
export const RECOUNT_DAYS = 7;

export async function takeSnapshots(db: Db, now = new Date()): Promise<{ days: number }> {
  const today = isoDay(now);
  const quality = await dataQualityReport(db);
  await db('report_daily_quality')
    .insert({
      day: today,
      customers: quality.customers,
      valid_emails: quality.validEmails,
      valid_phones: quality.validPhones,
      with_time_zone: quality.withTimeZone,
      subscribed_email: quality.subscribed.email,
      subscribed_sms: quality.subscribed.sms,
      report: JSON.stringify(quality),
    })
    .onConflict('day')
    .merge();
  await snapshotCustomerCounts(db, today);
  // Whole days only: today is counted live by the reports until it is over.
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - RECOUNT_DAYS * 86_400_000);
  const until = new Date(`${today}T00:00:00Z`);
  const days = await backfillChannelSnapshots(db, since, until);
  await fillRollups(db, since, until);
  return { days };
}

/** Fills the channel snapshots for every past day (a first run, or a benchmark's rollup). */
export async function backfillChannelSnapshots(db: Db, since: Date, until: Date) {
  const result = await db.raw<{ rowCount: number }>(
    `insert into report_daily_channels (day, channel, messaging_type, sent, delivered, opened,
       machine_opened, clicked, failed, unsubscribed)
     select (m.created_at at time zone 'UTC')::date, m.channel, coalesce(m.messaging_type, 'none'),
       ${COUNTS.replace(/::int \w+/g, '')}
     from messages m where m.created_at >= ?::date and m.created_at < ?::date
     group by 1, 2, 3
     on conflict (day, channel, messaging_type) do update set sent = excluded.sent,
       delivered = excluded.delivered, opened = excluded.opened,
       machine_opened = excluded.machine_opened, clicked = excluded.clicked,
       failed = excluded.failed, unsubscribed = excluded.unsubscribed`,
    [since, until],
  );
  return result.rowCount;
}

/** Today's data-quality snapshot as the schedule took it, or null before its first run today. */
export async function qualitySnapshotToday(db: Db, now = new Date()) {
  const row = await db('report_daily_quality')
    .where({ day: isoDay(now) })
    .whereNotNull('report')
    .first<{ report: Awaited<ReturnType<typeof dataQualityReport>> } | undefined>('report');
  return row?.report ?? null;
}
