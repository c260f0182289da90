// The segments benchmark's data: scale × (1M customers, 10M receipts, 30M lines, 20M events, 2M
// messages, consents, contacts, metrics, points), generated inside Postgres with
// generate_series. A database that holds a finished load of the same scale (its marker row in
// bench_scale) is reused as it is.
//
// The load is what made the first full-scale attempt stall (docs/segments.md): every row paid
// for a foreign-key check, a uuid primary-key insert at a random place and a plpgsql trigger.
// So, for the load, the bulk tables lose their keys, unique constraints, secondary indexes,
// foreign keys (both ways) and user triggers; the server runs with wal_level = minimal, and each
// table is truncated and filled in one transaction, which then writes no WAL; receipt IDs are
// derived from the receipt's number (md5), so lines, events and messages fill beside receipts in
// four connections at once. Afterwards each table's keys and indexes are built (one sort each,
// the tables in parallel), the foreign keys are added back and validated, and VACUUM ANALYZE
// sets the visibility map (index-only scans) and the statistics.
import type { Knex } from 'knex';
import { fillCustomerPurchases } from '../db/migrations/0260_customer_purchases.ts';

/** The tables filled by the million, whose constraints and indexes are dropped for the load. */
const BULK_TABLES = [
  'receipts',
  'receipt_lines',
  'events',
  'messages',
  'subscriptions',
  'contacts',
];
const TRIGGERED_TABLES = ['receipts', 'receipt_lines'];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed(label: string, work: () => Promise<unknown>) {
  const t0 = performance.now();
  await work();
  console.log(`  ${label}: ${seconds(performance.now() - t0)}`);
}

/** The scale of the finished load this database holds, if any. */
export async function loadedScale(db: Knex): Promise<number | null> {
  if (!(await db.schema.hasTable('bench_scale'))) return null;
  const row = await db<{ scale: string }>('bench_scale').first('scale');
  return row ? Number(row.scale) : null;
}

/** Loads `scale` unless the database already holds it. */
export async function ensureLoaded(db: Knex, scale: number) {
  const held = await loadedScale(db);
  if (held === scale) {
    console.log(`Reusing the database loaded at scale ${scale} (bench_scale).`);
    return;
  }
  const t0 = performance.now();
  await db.raw('drop table if exists bench_scale');
  await dropConstraints(db);
  await clear(db);
  await load(db, scale);
  await restoreConstraints(db);
  // The load ran with the receipts' triggers off: each customer's purchases are filled at once.
  await timed('customer purchases', () => fillCustomerPurchases(db));
  await timed('vacuum analyze', () =>
    Promise.all(
      [
        ...BULK_TABLES,
        'customers',
        'customer_metrics',
        'points_balances',
        'customer_purchases',
      ].map((t) => db.raw(`vacuum (analyze) ${t}`)),
    ),
  );
  await db.raw(`create table bench_scale (scale numeric not null, loaded_at timestamptz not null);
    insert into bench_scale values (${Number(scale)}, now())`);
  console.log(`Load in all: ${seconds(performance.now() - t0)}`);
}

/**
 * Notes every constraint and index the load drops in bench_dropped (kept until they are back,
 * so a load cut short still restores them), then drops them: foreign keys first, then keys and
 * unique constraints, then plain indexes.
 */
async function dropConstraints(db: Knex) {
  await db.raw(`create table if not exists bench_dropped (
    name text primary key, tbl text not null, stage int not null, def text not null, drop_sql text not null)`);
  await db.raw(
    `with bulk as (select oid from pg_class where relname = any(?) and relnamespace = 'public'::regnamespace)
     insert into bench_dropped
     select c.conname, c.conrelid::regclass::text, case c.contype when 'f' then 3 else 1 end,
            format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)),
            format('alter table %s drop constraint if exists %I', c.conrelid::regclass, c.conname)
     from pg_constraint c
     where (c.contype in ('p', 'u') and c.conrelid in (select oid from bulk))
        or (c.contype = 'f' and (c.conrelid in (select oid from bulk) or c.confrelid in (select oid from bulk)))
     union all
     select i.indexname, i.tablename, 2, i.indexdef, format('drop index if exists %I', i.indexname)
     from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any(?)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
     on conflict do nothing`,
    [BULK_TABLES, BULK_TABLES],
  );
  const { rows } = await db.raw<{ rows: { drop_sql: string }[] }>(
    'select drop_sql from bench_dropped order by stage desc',
  );
  for (const { drop_sql } of rows) await db.raw(drop_sql);
  for (const t of TRIGGERED_TABLES) await db.raw(`alter table ${t} disable trigger user`);
}

/** Keys and indexes per table (tables in parallel), then the foreign keys, then the triggers. */
async function restoreConstraints(db: Knex) {
  const { rows } = await db.raw<{
    rows: { name: string; tbl: string; stage: number; def: string }[];
  }>('select name, tbl, stage, def from bench_dropped order by stage, name');
  const byTable = new Map<string, typeof rows>();
  for (const row of rows.filter((r) => r.stage < 3)) {
    byTable.set(row.tbl, [...(byTable.get(row.tbl) ?? []), row]);
  }
  await timed('keys and indexes', () =>
    Promise.all(
      [...byTable.values()].map(async (defs) => {
        for (const { name, def } of defs) {
          await timed(`index ${name}`, () => db.raw(`set maintenance_work_mem = '512MB'; ${def}`));
        }
      }),
    ),
  );
  // NOT VALID takes its locks for a moment only; the validations (one join each) then run per
  // table in parallel, as they do not block each other across tables.
  const foreign = rows.filter((r) => r.stage === 3);
  for (const { def } of foreign) await db.raw(`${def} not valid`);
  const fkByTable = new Map<string, string[]>();
  for (const { tbl, name } of foreign) fkByTable.set(tbl, [...(fkByTable.get(tbl) ?? []), name]);
  await timed('foreign keys validated', () =>
    Promise.all(
      [...fkByTable.entries()].map(async ([tbl, names]) => {
        for (const name of names) {
          await db.raw(`set work_mem = '256MB'; alter table ${tbl} validate constraint "${name}"`);
        }
      }),
    ),
  );
  for (const t of TRIGGERED_TABLES) await db.raw(`alter table ${t} enable trigger user`);
  await db.raw('drop table bench_dropped');
}

async function clear(db: Knex) {
  await db.raw(`drop table if exists bench_ids;
    truncate customers, custom_fields, receipts, receipt_lines, events, messages, subscriptions,
      contacts, customer_metrics, points_balances, segments cascade`);
}

/**
 * Fills a table in the transaction that truncates it: under wal_level = minimal its rows then
 * go to a new file that is synced at commit, without WAL.
 */
function fill(db: Knex, table: string, sql: string, bindings: readonly number[] = []) {
  return timed(table, () =>
    db.transaction(async (trx) => {
      await trx.raw(`truncate ${table}`);
      await trx.raw(sql, bindings);
    }),
  );
}

/** Receipt number g's ID and total, computed alike wherever a table refers to the receipt. */
const RECEIPT_ID = (g: string) => `md5('r' || ${g})::uuid`;
const RECEIPT_TOTAL = (g: string) =>
  `round(5 + ((hashint8(-${g}) & 2147483647) % 29500) / 100.0, 2)`;
/**
 * Receipt number g's time, in the 3 years before the load started (its lines carry it too:
 * migration 0266). The start is one instant for all the tables, which fill in transactions of
 * their own, each with its own now().
 */
const STARTED = new Date().toISOString();
const RECEIPT_TIME = (g: string) =>
  `'${STARTED}'::timestamptz - ((hashint8(${g} * 3 + 7) & 2147483647) / 2147483647.0) * interval '3 years'`;
/** The customer of row g: one of bench_ids' numbered customers, by a hash of g. */
const CUSTOMER_OF = (g: string) => `b.n = 1 + (hashint8(${g}) & 2147483647) % ?`;

async function load(db: Knex, scale: number) {
  const customers = Math.round(1_000_000 * scale);
  const receipts = customers * 10;
  const events = customers * 20;
  console.log(
    `Loading ${customers.toLocaleString()} customers, ${receipts.toLocaleString()} receipts, ${(receipts * 3).toLocaleString()} lines, ${events.toLocaleString()} events, ${(customers * 2).toLocaleString()} messages...`,
  );
  await db.raw('select setseed(0.42)');
  await timed('customers', () =>
    db.raw(
      `insert into customers (external_id, city, birth_date, gender, custom, tags)
       select 'c-' || i, 'city-' || (i % 50), (now() - (18 + random() * 60) * interval '1 year')::date,
              case when i % 2 = 0 then 'f' else 'm' end,
              jsonb_build_object('tier', (array['gold', 'silver', 'bronze', 'none'])[1 + i % 4]),
              case when i % 10 = 0 then array['vip'] else '{}' end
       from generate_series(1, ?) i`,
      [customers],
    ),
  );
  await db.raw(`create unlogged table bench_ids as
    select row_number() over (order by id) as n, id from customers;
    create unique index on bench_ids (n); analyze bench_ids`);
  await db.raw(`insert into custom_fields (entity, key, type) values ('customer', 'tier', 'text')`);
  await Promise.all([
    fill(
      db,
      'receipts',
      `insert into receipts (id, customer_id, total, original_total, currency, original_currency,
         exchange_rate, occurred_at, store)
       select ${RECEIPT_ID('g')}, b.id, ${RECEIPT_TOTAL('g')}, ${RECEIPT_TOTAL('g')}, 'USD', 'USD', 1,
              ${RECEIPT_TIME('g')}, 'store-' || (g % 20)
       from generate_series(1, ?) g join bench_ids b on ${CUSTOMER_OF('g')}`,
      [receipts, customers],
    ),
    // Three lines a receipt: line l belongs to receipt (l + 2) / 3, in position (l - 1) % 3 + 1,
    // with its receipt's customer, time and kind (the trigger that fills them is off for the load).
    fill(
      db,
      'receipt_lines',
      `insert into receipt_lines (receipt_id, product_id, name, category, quantity, price, amount,
         original_price, original_amount, position, customer_id, occurred_at, kind)
       select ${RECEIPT_ID('r')}, 'p-' || k,
              case when k % 97 = 0 then 'Toothpaste ' || k else 'Product ' || k end,
              'cat-' || (k % 50), 1, a, a, a, a, (l - 1) % 3 + 1, b.id, ${RECEIPT_TIME('r')}, 'purchase'
       from generate_series(1, ?) l
       cross join lateral (select (l + 2) / 3 as r, (hashint8(l * 7 + 1) & 2147483647) % 5000 as k) p
       cross join lateral (select round(${RECEIPT_TOTAL('r')} / 3, 2) as a) t
       join bench_ids b on ${CUSTOMER_OF('r')}`,
      [receipts * 3, customers],
    ),
    fill(
      db,
      'events',
      `insert into events (customer_id, type, properties, occurred_at)
       select b.id, t.type,
              case when t.type = 'purchase' then jsonb_build_object('amount', round((random() * 300)::numeric, 2))
                   else jsonb_build_object('productId', 'p-' || (g % 5000), 'category', 'cat-' || (g % 50)) end,
              now() - random() * interval '1 year'
       from generate_series(1, ?) g
       join bench_ids b on ${CUSTOMER_OF('g')}
       cross join lateral (select (array['product_view', 'product_view', 'page_view', 'category_view', 'purchase'])[1 + g % 5] as type) t`,
      [events, customers],
    ),
    fill(
      db,
      'messages',
      `insert into messages (idempotency_key, customer_id, channel, status, created_at)
       select 'bench:' || g, b.id, (array['sms', 'email'])[1 + g % 2], 'sent', now() - random() * interval '90 days'
       from generate_series(1, ?) g join bench_ids b on ${CUSTOMER_OF('g')}`,
      [customers * 2, customers],
    ),
    fill(
      db,
      'subscriptions',
      `insert into subscriptions (customer_id, channel, messaging_type, subscribed)
       select id, 'sms', 'promo', random() < 0.7 from customers where random() < 0.6`,
    ),
    fill(
      db,
      'contacts',
      `insert into contacts (customer_id, channel, address, is_valid)
       select id, 'email', id || '@example.com', random() < 0.9 from customers where random() < 0.8`,
    ),
  ]);
  await timed('metrics and points', () =>
    db.raw(`insert into customer_metrics (customer_id, receipts_count, total_spent, average_check, first_purchase_at, last_purchase_at)
         select customer_id, count(*), sum(total), avg(total), min(occurred_at), max(occurred_at) from receipts group by 1;
       insert into points_balances (customer_id, balance) select id, floor(random() * 500) from customers where random() < 0.3`),
  );
}
