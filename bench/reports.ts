// Reports benchmark: 1 million customers, 10 million receipts and 50 million messages over a
// year, in an embedded Postgres of its own (.data/bench-reports); then the time of each report
// for a 90-day period, read live from the base tables and from the daily rollups.
// Usage:
//   node --import tsx bench/reports.ts generate [customers receipts messages]   (once; long)
//   node --import tsx bench/reports.ts run          (live, then with the rollups; or `live`,
//                                                     `rollups` for one of them)
//   node --import tsx bench/reports.ts cold         (one mailing's report opened cold, and its
//                                                     attribution recomputed: as root, it drops
//                                                     the OS cache; bench/reports-cold.ts)
import path from 'node:path';
import { createDb } from '../db/connection.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateLatest } from '../db/migrate.ts';
import { freePort } from '../scripts/free-port.ts';
import { dropCaches, timeColdMailing } from './reports-cold.ts';
import { generate, restoreIndexes } from './reports-data.ts';
import { timeReports } from './reports-timing.ts';

const [mode = 'run', customers = '1000000', receipts = '10000000', messages = '50000000'] =
  process.argv.slice(2);
const dir = path.resolve(
  import.meta.dirname,
  '..',
  '.data',
  process.env.BENCH_DIR ?? 'bench-reports',
);
// A server sized for the data, as a deployment of this size would be: buffers and sort memory
// for a few GB of hot rows, and checkpoints spaced for a bulk load.
const start = async () =>
  startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'herald_bench_reports',
    settings: {
      shared_buffers: '2GB',
      work_mem: '64MB',
      maintenance_work_mem: '1GB',
      // WAL kept to 2 GB: at 16 GB it held 6 GB of the disk the data needs.
      max_wal_size: '2GB',
      checkpoint_timeout: '10min',
      max_parallel_maintenance_workers: '2',
      effective_cache_size: '8GB',
      max_parallel_workers_per_gather: '2',
    },
  });
let pg = await start();
let db = createDb(pg.url, { max: 4 });
/** Stops the server, drops the OS cache where it may, and starts it again (bench/reports-cold.ts). */
const restart = async () => {
  await db.destroy();
  await pg.stop();
  const cold = dropCaches();
  pg = await start();
  db = createDb(pg.url, { max: 4 });
  return { db, cold };
};
try {
  await migrateLatest(db);
  if (mode === 'generate') {
    // Steps that filled their table in an earlier run are skipped; messages go on by chunk.
    // The superuser, on the benchmark's database: it may turn foreign-key checks off.
    const admin = createDb(pg.adminUrl.replace(/\/postgres$/, '/herald_bench_reports'), {
      max: 4,
    });
    await generate(admin, {
      customers: Number(customers),
      receipts: Number(receipts),
      messages: Number(messages),
    }).finally(() => admin.destroy());
  } else {
    const started = Date.now();
    await restoreIndexes(db);
    console.log(`indexes rebuilt and analyzed: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (mode === 'cold') await timeColdMailing(db, restart);
    else await timeReports(db, mode === 'live' || mode === 'rollups' ? mode : undefined);
  }
} finally {
  await db.destroy();
  await pg.stop();
}
