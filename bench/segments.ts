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
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseSegmentRules, type SegmentRules } from '../core/segment-rules.ts';
import { createDb } from '../db/connection.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateLatest } from '../db/migrate.ts';
import { countSegment, refreshSegment } from '../db/segment-refresh.ts';
import { compileOptionsFor, insertSegment } from '../db/segments.ts';
import { freePort } from '../scripts/free-port.ts';
import { ensureLoaded } from './segments-load.ts';

const SCALE = Number(process.argv[2] ?? 1);
const FLAGS = process.argv.slice(3);
const dataDir = path.resolve(import.meta.dirname, '..', '.data', `bench-segments-${SCALE}`);
if (FLAGS.includes('fresh')) await rm(dataDir, { recursive: true, force: true });

/**
 * Server settings for a database of this size (read at start, so a change restarts it once):
 * WAL-less bulk loads (wal_level minimal), room between checkpoints, and a buffer cache that
 * holds the hot indexes.
 */
const SETTINGS: Record<string, string> = {
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  shared_buffers: '2GB',
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

const all = (...children: object[]) => ({ kind: 'group', match: 'all', children });
const rules = (tree: object): SegmentRules => {
  const parsed = parseSegmentRules(tree);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rules;
};

/** One typical rule per family; the first is the reference's example. */
const TYPICAL: [string, object][] = [
  [
    'over 30, ≥1 receipt, SMS subscribed',
    all(
      { kind: 'attribute', field: 'age', test: { op: 'gt', value: 30 } },
      { kind: 'receipts' },
      { kind: 'subscription', channel: 'sms', messagingType: 'promo' },
    ),
  ],
  [
    'lives in city-7',
    all({ kind: 'attribute', field: 'city', test: { op: 'equals', value: 'city-7' } }),
  ],
  [
    'custom tier gold',
    all({ kind: 'customField', key: 'tier', test: { op: 'equals', value: 'gold' } }),
  ],
  [
    '≥3 receipts in the last year',
    all({ kind: 'receipts', test: { op: 'gte', value: 3 }, period: { op: 'inLast', days: 365 } }),
  ],
  [
    'toothpaste twice in 2 years',
    all({
      kind: 'receiptLines',
      name: { op: 'contains', value: 'toothpaste' },
      test: { op: 'gte', value: 2 },
      period: { op: 'inLast', days: 730 },
    }),
  ],
  [
    'average check > 150, lapsed 90 days',
    all(
      { kind: 'metric', metric: 'averageCheck', test: { op: 'gt', value: 150 } },
      { kind: 'metric', metric: 'daysSinceLastPurchase', test: { op: 'gt', value: 90 } },
    ),
  ],
  ['≥100 points', all({ kind: 'points', test: { op: 'gte', value: 100 } })],
  [
    'viewed products 5× in 30 days',
    all({
      kind: 'website',
      action: 'viewedProduct',
      test: { op: 'gte', value: 5 },
      period: { op: 'inLast', days: 30 },
    }),
  ],
  [
    'purchase event > 150 in 90 days',
    all({
      kind: 'event',
      eventType: 'purchase',
      filters: [{ property: 'amount', test: { op: 'gt', value: 150 } }],
      period: { op: 'inLast', days: 90 },
    }),
  ],
  [
    'no SMS in 30 days',
    all({
      kind: 'messages',
      channel: 'sms',
      period: { op: 'inLast', days: 30 },
      test: { op: 'equals', value: 0 },
    }),
  ],
];

try {
  await migrateLatest(db);
  await ensureLoaded(db, SCALE);
  await db.raw('delete from segments');
  console.log(
    `Counts (each run twice, the second shown: a warm cache, as in the builder), ${load()}:`,
  );
  for (const [label, tree] of TYPICAL) {
    const r = rules(tree);
    const options = await compileOptionsFor(db, r);
    await countSegment(db, r, options);
    const t0 = performance.now();
    const n = await countSegment(db, r, options);
    const took = seconds(performance.now() - t0);
    console.log(`  ${label}: ${n.toLocaleString()} in ${took} (${load()})`);
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
  for (const pass of ['first (everyone enters)', 'second (steady state)']) {
    const t0 = performance.now();
    let changes = 0;
    for (const id of ids) {
      const r = await refreshSegment(db, id);
      changes += r!.entered + r!.exited;
    }
    console.log(
      `Recalculate 20 segments, ${pass}: ${seconds(performance.now() - t0)} (${changes.toLocaleString()} changes; ${load()})`,
    );
  }
}
