// Metrics benchmark: loads N customers with M receipts (one line each, 20 categories) into a
// fresh embedded Postgres with generate_series, then times the set-based recompute of every
// customer's metrics (aggregates, CLTV, interests and RFM quintiles), an RFM ranking alone (what
// a CSV import ends with and the herald:rfm-ranking schedule runs), and the cost of the metrics
// refresh on a CSV import: the same number of receipt rows for existing customers imported
// without the refresh, then with it (per-chunk refresh and the final ranking), in this run.
// Usage: node --import tsx bench/metrics.ts [customers=1000000] [receipts=10000000] [rows=100000]
import path from 'node:path';
import { createDb } from '../db/connection.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateLatest } from '../db/migrate.ts';
import { createImport, runImport } from '../db/imports.ts';
import { updateMetricSettings } from '../db/metric-settings.ts';
import { recomputeAllMetrics } from '../db/metrics.ts';
import { rankRfm } from '../db/rfm-ranking.ts';
import { freePort } from '../scripts/free-port.ts';
import { rm } from 'node:fs/promises';

const CUSTOMERS = Number(process.argv[2] ?? 1_000_000);
const RECEIPTS = Number(process.argv[3] ?? 10_000_000);
const IMPORT_ROWS = Number(process.argv[4] ?? 100_000);

const dataDir = path.resolve(import.meta.dirname, '..', '.data', 'bench-metrics');
await rm(dataDir, { recursive: true, force: true });
const pg = await startEmbeddedPostgres({
  dataDir,
  port: await freePort(),
  database: 'bench_metrics',
});
const db = createDb(pg.url, { max: 1 });

const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const step = async (label: string, sql: string, bindings: number[] = []) => {
  const t0 = performance.now();
  await db.raw(sql, bindings);
  console.log(`  ${label}: ${seconds(t0)}`);
};

try {
  await migrateLatest(db);
  console.log(
    `Loading ${CUSTOMERS.toLocaleString()} customers, ${RECEIPTS.toLocaleString()} receipts...`,
  );
  const load = performance.now();
  await step(
    'customers',
    `insert into customers (external_id) select 'c-' || i from generate_series(1, ?) i`,
    [CUSTOMERS],
  );
  await step(
    'customer numbers',
    `create unlogged table bench_ids as
       select row_number() over (order by id) as n, id from customers`,
  );
  // Skewed like a real shop: random()² gives a few customers many receipts, many a few.
  // One connection, so the seed holds for the insert: the same data on every run.
  await db.raw('select setseed(0.42)');
  await step(
    'receipts',
    `with g as materialized (
       select 1 + floor(random() * random() * ?)::bigint as n,
              round((5 + random() * 195)::numeric, 2) as total,
              '2026-11-24'::timestamptz - random() * interval '3 years' as occurred_at
       from generate_series(1, ?)
     )
     insert into receipts (customer_id, total, occurred_at)
     select b.id, g.total, g.occurred_at from g join bench_ids b using (n)`,
    [CUSTOMERS, RECEIPTS],
  );
  await step(
    'receipt lines',
    `insert into receipt_lines (receipt_id, product_id, category, price, amount)
     select id, 'p-' || (abs(hashtext(id::text)) % 5000), 'cat-' || (abs(hashtext(id::text)) % 20),
            total, total
     from receipts`,
  );
  await step('analyze', 'analyze');
  console.log(`Load: ${seconds(load)}`);

  const t0 = performance.now();
  await recomputeAllMetrics(db);
  const recompute = seconds(t0);
  const { rows } = await db.raw<{ rows: { n: number; segments: number }[] }>(
    `select count(*)::int as n, count(distinct rfm_segment)::int as segments from customer_metrics`,
  );
  console.log(
    `Recompute all metrics: ${recompute} (${rows[0]!.n.toLocaleString()} customers with metrics, ${rows[0]!.segments} RFM segments)`,
  );
  const t1 = performance.now();
  await rankRfm(db);
  console.log(`RFM ranking alone: ${seconds(t1)}`);
  // A window makes a ranking count the receipts in it again (orders leave it as days pass).
  await updateMetricSettings(db, { rfmWindowDays: 365 });
  const t2 = performance.now();
  await rankRfm(db);
  console.log(`RFM ranking alone, 365-day window: ${seconds(t2)}`);
  await updateMetricSettings(db, { rfmWindowDays: null });
  await rankRfm(db);

  // Receipts of three lines for existing customers, spread over the base; each run its own IDs.
  const receiptsCsv = (run: string) => {
    const lines = ['receiptId,externalId,occurredAt,productId,category,quantity,price'];
    const at = new Date().toISOString();
    for (let i = 0; i < IMPORT_ROWS; i++) {
      const receipt = Math.floor(i / 3);
      const customer = 1 + ((receipt * 7919) % CUSTOMERS);
      lines.push(
        `${run}-${receipt},c-${customer},${at},p-${i % 500},cat-${i % 20},1,${(i % 50) + 0.99}`,
      );
    }
    return Buffer.from(lines.join('\n'));
  };
  const timeImport = async (run: string, refreshMetrics: boolean) => {
    const created = await createImport(db, { kind: 'receipts', content: receiptsCsv(run) });
    const t = performance.now();
    const done = await runImport(db, created.id, { refreshMetrics });
    const ms = performance.now() - t;
    if (done.status !== 'completed' || done.rows_failed > 0)
      throw new Error(`import ${run}: ${done.status}, ${done.rows_failed} rows failed`);
    console.log(
      `  ${IMPORT_ROWS.toLocaleString()} rows ${refreshMetrics ? 'with' : 'without'} the refresh: ${(ms / 1000).toFixed(1)} s (${Math.round(IMPORT_ROWS / (ms / 1000)).toLocaleString()} rows/s)`,
    );
    return ms;
  };
  console.log('CSV import of receipts:');
  const without = await timeImport('bare', false);
  const withRefresh = await timeImport('fresh', true);
  console.log(
    `Refresh cost: ${(((withRefresh - without) / IMPORT_ROWS) * 1000).toFixed(0)} µs per imported row (${(((withRefresh - without) / without) * 100).toFixed(0)}% more time, the final ranking included)`,
  );
} finally {
  await db.destroy();
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
