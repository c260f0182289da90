// A segment's scheduled CSV by email (workflows/segment-export.ts): the members as last
// recalculated, attached to one email to the schedule's addresses, sent through the default
// email gateway (the worker's own SMTP transport when none is recorded).
import { DateTime } from 'luxon';
import { getSegment } from '../db/segments.ts';
import { getExportSchedule, markExportSent, segmentCsv } from '../db/segment-exports.ts';
import type { ActivityDeps } from './deps.ts';

export function segmentExportActivities({
  db,
  email,
  gateways,
}: Pick<ActivityDeps, 'db' | 'email' | 'gateways'>) {
  return {
    /** Sends the CSV; the number of customers it held, or null when the schedule is gone. */
    sendSegmentExport: async (segmentId: string): Promise<number | null> => {
      const schedule = await getExportSchedule(db, segmentId);
      const segment = await getSegment(db, segmentId);
      if (!schedule || !segment) return null;
      const { csv, rows } = await segmentCsv(db, segmentId);
      const day = DateTime.utc().toISODate();
      const slug = segment.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'segment';
      const resolved = await gateways?.resolve('email');
      const gateway = resolved?.gateway ?? email;
      await resolved?.throttle();
      const text = `The segment "${segment.name}" holds ${rows} customers as of its last recalculation${segment.refreshed_at ? ` (${segment.refreshed_at.toISOString()})` : ''}. They are in the attached CSV.`;
      await gateway.send({
        to: schedule.recipients.join(', '),
        subject: `Segment "${segment.name}": ${rows} customers`,
        text,
        html: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`,
        messageId: `segment-export-${segmentId}-${Date.now()}`,
        attachments: [{ filename: `${slug}-${day}.csv`, content: csv, contentType: 'text/csv' }],
      });
      await markExportSent(db, segmentId, rows);
      return rows;
    },
  };
}
