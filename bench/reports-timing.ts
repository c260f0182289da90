// Times each report on the benchmark's data (bench/reports.ts).
import type { Db } from '../db/connection.ts';

export async function timeReports(db: Db): Promise<void> {
  const { rows } = await db.raw<{ rows: unknown[] }>('select count(*) from messages');
  console.log(rows);
}
