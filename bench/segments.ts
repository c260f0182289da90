// Segments benchmark: times the count of ten typical rules (one per family, the reference's
// example among them) and the full recalculation of 20 saved segments (first: everyone enters;
// second: steady state) on scale × (1M customers, 10M receipts, 30M lines, 20M events), which
// bench/segments-load.ts generates inside Postgres.
// Usage: node --import tsx bench/segments.ts [scale=1] [fresh] [counts]
// The database stays in .data/bench-segments-<scale> and is reused by the next run (its
// bench_scale row says the scale of the finished load; a load cut short is done again);
// `fresh` deletes it first. `counts` times the counts only. The next run migrates the kept
// database, so a new index is measured on the same data.
import { rm } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../db/connection.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateLatest } from '../db/migrate.ts';
import { countSegment, refreshSegment } from '../db/segment-refresh.ts';
import { compileOptionsFor, insertSegment } from '../db/segments.ts';
import { freePort } from '../scripts/free-port.ts';
import { ensureLoaded } from './segments-load.ts';
import { all, rules, TYPICAL } from './segments-rules.ts';

const SCALE = Number(process.argv[2] ?? 1);
const FLAGS = process.argv.slice(3);
const dataDir = path.resolve(import.meta.dirname, '..', '.data', `bench-segments-${SCALE}`);
if (FLAGS.includes('fresh')) await rm(dataDir, { recursive: true, force: true });

/**
 * Server settings for a database of this size (read at start, so a change restarts it once):
 * WAL-less bulk loads (wal_level minimal), room between checkpoints, a buffer cache that holds
 * the hot indexes; and what docs/segments.md recommends for segment counts at this scale:
 * work_mem for a hash of a million customers and exact bitmaps of 300,000 lines (at 4 MB both
 * spill or go lossy), and the random-access cost of storage that is SSD or cache (1.1, not the
 * spinning disk's 4), so a product search joins its receipts by key instead of scanning them.
 */
const SETTINGS: Record<string, string> = {
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  shared_buffers: '2GB',
  work_mem: '64MB',
  random_page_cost: '1.1',
  effective_cache_size: '8GB',
};

async function startServer() {
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port, database: 'bench_segments' });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  let changed = false;
  try {
    for (const [name, value] of Object.entries(SETTINGS)) {
      const { rows } = await admin.query<{ setting: string }>(
        'select current_setting($1) as setting',
        [name],
      );
      const current = rows[0]!.setting;
      if (current.toLowerCase() === value.toLowerCase()) continue;
      await admin.query(`alter system set ${name} = '${value}'`);
      changed = true;
    }
  } finally {
    await admin.end();
  }
  if (!changed) return server;
  await server.stop();
  return startEmbeddedPostgres({ dataDir, port, database: 'bench_segments' });
}

const server = await startServer();
// Six connections: the load fills six tables at once.
const db = createDb(server.url, { max: 6 });

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

try {
  await migrateLatest(db);
  await ensureLoaded(db, SCALE);
  // The database is the benchmark's own: the memberships and changes of its earlier runs'
  // segments go with them (a segment ID there is text, with no foreign key to cascade; six runs
  // had left 26 M of each, 9.5 GB).
  await db.raw('truncate segment_memberships, segment_membership_changes; delete from segments');
  console.log(
    `Counts, each run twice: first (the server just started: cold, if the OS cache was dropped before the run) and then warm, as in the builder; ${load()}:`,
  );
  for (const [label, tree] of TYPICAL) {
    const r = rules(tree);
    const options = await compileOptionsFor(db, r);
    const t0 = performance.now();
    await countSegment(db, r, options);
    const t1 = performance.now();
    const n = await countSegment(db, r, options);
    const took = `first ${seconds(t1 - t0)}, warm ${seconds(performance.now() - t1)}`;
    console.log(`  ${label}: ${n.toLocaleString()}: ${took} (${load()})`);
  }

  if (!FLAGS.includes('counts')) await recalculateTwenty();
} finally {
  await db.destroy();
  await server.stop();
}

/** 20 saved segments (the ten above and ten variations of them), recalculated twice. */
async function recalculateTwenty() {
  const ids: string[] = [];
  for (const [i, [label, tree]] of [...TYPICAL, ...TYPICAL].entries()) {
    const variant =
      i < TYPICAL.length
        ? tree
        : all(tree, { kind: 'attribute', field: 'gender', test: { op: 'equals', value: 'f' } });
    const row = await insertSegment(
      db,
      { name: `${label} #${i}`, rules: rules(variant), refreshMinutes: 15 },
      [],
    );
    ids.push(row.id);
  }
  // As the worker runs them (each segment's schedule starts its own activity): as many at once
  // as there are cores.
  const lanes = availableParallelism();
  for (const pass of ['first (everyone enters)', 'second (steady state)']) {
    const t0 = performance.now();
    let changes = 0;
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const r = await refreshSegment(db, id);
          changes += r!.entered + r!.exited;
        }
      }),
    );
    console.log(
      `Recalculate 20 segments, ${pass}, ${lanes} at once: ${seconds(performance.now() - t0)} (${changes.toLocaleString()} changes; ${load()})`,
    );
  }
}
