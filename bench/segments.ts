// Segments benchmark: loads customers, receipts with three lines each, events, messages,
// consents and points into a fresh embedded Postgres with generate_series, then times the count
// of ten typical rules (one per family, the reference's example among them) and the full
// recalculation of 20 saved segments (first: everyone enters; second: steady state).
// Usage: node --import tsx bench/segments.ts [scale=1] [keep]
// Scale 1 is 1M customers, 10M receipts, 30M lines, 20M events; 0.1 is a tenth of each.
// `keep` keeps the database for the next run, which then skips the load (and migrates it, so a
// new index is measured on the same data).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { parseSegmentRules, type SegmentRules } from '../core/segment-rules.ts';
import { createDb } from '../db/connection.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateLatest } from '../db/migrate.ts';
import { countSegment, refreshSegment } from '../db/segment-refresh.ts';
import { compileOptionsFor, insertSegment } from '../db/segments.ts';
import { freePort } from '../scripts/free-port.ts';

const SCALE = Number(process.argv[2] ?? 1);
const CUSTOMERS = Math.round(1_000_000 * SCALE);
const RECEIPTS = CUSTOMERS * 10;
const EVENTS = CUSTOMERS * 20;

const KEEP = process.argv[3] === 'keep';
const dataDir = path.resolve(import.meta.dirname, '..', '.data', `bench-segments-${SCALE}`);
if (!KEEP) await rm(dataDir, { recursive: true, force: true });
const server = await startEmbeddedPostgres({
  dataDir,
  port: await freePort(),
  database: 'bench_segments',
});
const db = createDb(server.url, { max: 2 });

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const step = async (label: string, sql: string, bindings: number[] = []) => {
  const t0 = performance.now();
  await db.raw(sql, bindings);
  console.log(`  ${label}: ${seconds(performance.now() - t0)}`);
};

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

/** The tables the load fills by the million: their secondary indexes are built after it. */
const BULK_TABLES = [
  'receipts',
  'receipt_lines',
  'events',
  'messages',
  'subscriptions',
  'contacts',
];

/**
 * Runs the load with the bulk tables' secondary indexes dropped and rebuilds them afterwards:
 * one sort per index instead of a B-tree (or trigram GIN) insert per row, the difference between
 * hours and minutes at full scale. Constraint indexes (keys, uniques) stay. The dropped ones are
 * noted in a table first, so that a load cut short (a kept database) still rebuilds them, and
 * `bench_loaded` marks a load that finished.
 */
async function withoutSecondaryIndexes(load: () => Promise<void>) {
  await db.raw(
    `create table if not exists bench_dropped_indexes (name text primary key, def text)`,
  );
  await db.raw(
    `insert into bench_dropped_indexes
     select i.indexname, i.indexdef from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any(?)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
     on conflict do nothing`,
    [BULK_TABLES],
  );
  const { rows } = await db.raw<{ rows: { name: string; def: string }[] }>(
    'select name, def from bench_dropped_indexes',
  );
  for (const { name } of rows) await db.raw(`drop index if exists ${name}`);
  await load();
  for (const { name, def } of rows) {
    await step(`index ${name}`, `set maintenance_work_mem = '512MB'; ${def}`);
  }
  await step('analyze', 'analyze');
  await db.raw('drop table bench_dropped_indexes; create table bench_loaded ()');
}

/** What a load cut short left behind, emptied before loading again. */
async function clearPartialLoad() {
  await db.raw(`drop table if exists bench_ids;
    truncate customers, custom_fields, receipts, receipt_lines, events, messages, subscriptions,
      contacts, customer_metrics, points_balances cascade`);
}

/** Fewer checkpoints while loading (a superuser setting, read again without a restart). */
async function loosenWal(adminUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`alter system set max_wal_size = '8GB'`);
    await admin.query(`alter system set checkpoint_timeout = '30min'`);
    await admin.query('select pg_reload_conf()');
  } finally {
    await admin.end();
  }
}

async function loadData() {
  await loosenWal(server.adminUrl);
  console.log(
    `Loading ${CUSTOMERS.toLocaleString()} customers, ${RECEIPTS.toLocaleString()} receipts, ${(RECEIPTS * 3).toLocaleString()} lines, ${EVENTS.toLocaleString()} events...`,
  );
  const load = performance.now();
  await db.raw('select setseed(0.42)');
  await step(
    'customers',
    `insert into customers (external_id, city, birth_date, gender, custom, tags)
     select 'c-' || i, 'city-' || (i % 50), (now() - (18 + random() * 60) * interval '1 year')::date,
            case when i % 2 = 0 then 'f' else 'm' end,
            jsonb_build_object('tier', (array['gold', 'silver', 'bronze', 'none'])[1 + i % 4]),
            case when i % 10 = 0 then array['vip'] else '{}' end
     from generate_series(1, ?) i`,
    [CUSTOMERS],
  );
  await step(
    'ids',
    `create unlogged table bench_ids as select row_number() over (order by id) as n, id from customers`,
  );
  await db.raw(`insert into custom_fields (entity, key, type) values ('customer', 'tier', 'text')`);
  await step(
    'consents and contacts',
    `insert into subscriptions (customer_id, channel, messaging_type, subscribed)
       select id, 'sms', 'promo', random() < 0.7 from customers where random() < 0.6;
     insert into contacts (customer_id, channel, address, is_valid)
       select id, 'email', id || '@example.com', random() < 0.9 from customers where random() < 0.8`,
  );
  await step(
    'receipts',
    `insert into receipts (customer_id, total, occurred_at, store, currency)
     select b.id, round((5 + random() * 295)::numeric, 2), now() - random() * interval '3 years',
            'store-' || (g % 20), 'USD'
     from generate_series(1, ?) g join bench_ids b on b.n = 1 + (hashint8(g) & 2147483647) % ?`,
    [RECEIPTS, CUSTOMERS],
  );
  await step(
    'receipt lines',
    `insert into receipt_lines (receipt_id, product_id, name, category, quantity, price, amount, position)
     select r.id, 'p-' || k, case when k % 97 = 0 then 'Toothpaste ' || k else 'Product ' || k end,
            'cat-' || (k % 50), 1, round(r.total / 3, 2), round(r.total / 3, 2), j
     from receipts r cross join generate_series(1, 3) j
     cross join lateral (select (abs(hashtext(r.id::text || j)) % 5000) as k) p`,
  );
  await step(
    'events',
    `insert into events (customer_id, type, properties, occurred_at)
     select b.id, t.type,
            case when t.type = 'purchase' then jsonb_build_object('amount', round((random() * 300)::numeric, 2))
                 else jsonb_build_object('productId', 'p-' || (g % 5000), 'category', 'cat-' || (g % 50)) end,
            now() - random() * interval '1 year'
     from generate_series(1, ?) g
     join bench_ids b on b.n = 1 + (hashint8(g) & 2147483647) % ?
     cross join lateral (select (array['product_view', 'product_view', 'page_view', 'category_view', 'purchase'])[1 + g % 5] as type) t`,
    [EVENTS, CUSTOMERS],
  );
  await step(
    'messages',
    `insert into messages (idempotency_key, customer_id, channel, status, created_at)
     select 'bench:' || g, b.id, (array['sms', 'email'])[1 + g % 2], 'sent', now() - random() * interval '90 days'
     from generate_series(1, ?) g join bench_ids b on b.n = 1 + (hashint8(g) & 2147483647) % ?`,
    [CUSTOMERS * 2, CUSTOMERS],
  );
  await step(
    'metrics and points',
    `insert into customer_metrics (customer_id, receipts_count, total_spent, average_check, first_purchase_at, last_purchase_at)
       select customer_id, count(*), sum(total), avg(total), min(occurred_at), max(occurred_at) from receipts group by 1;
     insert into points_balances (customer_id, balance) select id, floor(random() * 500) from customers where random() < 0.3`,
  );
  console.log(`Load: ${seconds(performance.now() - load)}`);
}

try {
  await migrateLatest(db);
  if (!(await db.schema.hasTable('bench_loaded'))) {
    await clearPartialLoad();
    await withoutSecondaryIndexes(loadData);
  }
  await db.raw('delete from segments');
  console.log('Counts (each run twice, the second shown: a warm cache, as in the builder):');
  for (const [label, tree] of TYPICAL) {
    const r = rules(tree);
    const options = await compileOptionsFor(db, r);
    await countSegment(db, r, options);
    const t0 = performance.now();
    const n = await countSegment(db, r, options);
    console.log(`  ${label}: ${n.toLocaleString()} in ${seconds(performance.now() - t0)}`);
  }

  // 20 saved segments: the ten above and ten variations of them.
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
      `Recalculate 20 segments, ${pass}: ${seconds(performance.now() - t0)} (${changes.toLocaleString()} changes)`,
    );
  }
} finally {
  await db.destroy();
  await server.stop();
  if (!KEEP) await rm(dataDir, { recursive: true, force: true });
}
