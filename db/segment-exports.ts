// A segment's scheduled CSV by email (migration 0150): the schedule row, and the CSV itself,
// built in memory from the members as last recalculated (the on-demand download's columns).
import { Writable } from 'node:stream';
import type {
  SegmentExportSchedule,
  SegmentExportScheduleInput,
} from '../core/contract/segment-exports.ts';
import type { Db } from './connection.ts';
import { writeCsv } from './exports.ts';

interface Row {
  segment_id: string;
  recipients: string[];
  cadence: 'daily' | 'weekly';
  hour: number;
  weekday: number | null;
  last_sent_at: Date | null;
  last_rows: number | null;
}

export const toExportSchedule = (r: Row, timeZone: string): SegmentExportSchedule => ({
  segmentId: r.segment_id,
  recipients: r.recipients,
  cadence: r.cadence,
  hour: r.hour,
  weekday: r.weekday,
  timeZone,
  lastSentAt: r.last_sent_at?.toISOString() ?? null,
  lastRows: r.last_rows,
});

export const getExportSchedule = (db: Db, segmentId: string) =>
  db<Row>('segment_export_schedules').where({ segment_id: segmentId }).first();

export async function putExportSchedule(
  db: Db,
  segmentId: string,
  s: SegmentExportScheduleInput,
): Promise<Row> {
  const values = {
    segment_id: segmentId,
    recipients: s.recipients,
    cadence: s.cadence,
    hour: s.hour,
    weekday: s.cadence === 'weekly' ? (s.weekday ?? null) : null,
    updated_at: db.fn.now(),
  };
  const [row] = await db<Row>('segment_export_schedules')
    .insert(values)
    .onConflict('segment_id')
    .merge()
    .returning('*');
  return row!;
}

export async function deleteExportSchedule(db: Db, segmentId: string): Promise<boolean> {
  return (await db('segment_export_schedules').where({ segment_id: segmentId }).delete()) > 0;
}

export async function markExportSent(db: Db, segmentId: string, rows: number): Promise<void> {
  await db('segment_export_schedules')
    .where({ segment_id: segmentId })
    .update({ last_sent_at: db.fn.now(), last_rows: rows });
}

/** The members' CSV as one buffer (an attachment is sent whole) and how many customers it holds. */
export async function segmentCsv(
  db: Db,
  segmentId: string,
): Promise<{ csv: Buffer; rows: number }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const rows = await writeCsv(db, 'customers', sink, { segmentId });
  return { csv: Buffer.concat(chunks), rows };
}
