// Receipt lines carry their receipt's customer, time and kind, so a product count in a period
// ("bought toothpaste twice in 2 years") reads the lines alone: no join to the 10 M receipts
// (311,246 index probes in the segments benchmark) and, through receipt_lines_purchases_name,
// no visit to the lines' heap (227,000 pages) either. db/segment-sql/lines.ts compiles to it.
//
// Kept right by triggers, whatever writes: a line takes its receipt's values when written (or
// moved to another receipt), and a receipt whose customer (a merge), time or kind (a correction)
// changes moves its lines with it.
//
// The fill runs outside a transaction (knex `config.transaction = false`) so a large table can
// be filled in chunks with a VACUUM between them: one UPDATE of 30 M rows would double the table
// (every row a new version) before any space came back. Each step is safe to run again.
import type { Knex } from 'knex';

export const config = { transaction: false };

/** Above this many lines, the indexes are dropped for the fill and built again after it. */
const LARGE = 1_000_000;
/** Heap pages per chunk (about 2.5 M lines of 8 kB pages at 65 lines a page). */
const CHUNK_PAGES = 40_000;

const MEMORY = `set work_mem = '256MB'; set maintenance_work_mem = '512MB'`;
const FILL = `update receipt_lines l
  set customer_id = r.customer_id, occurred_at = r.occurred_at, kind = r.kind
  from receipts r where r.id = l.receipt_id and l.customer_id is null`;

/** The indexes a large fill drops (every new row version would enter each of them). */
const REBUILT = ['receipt_lines_name_trgm', 'receipt_lines_receipt_id_index'];

async function trgmAvailable(knex: Knex) {
  const { rows } = await knex.raw<{ rows: unknown[] }>(
    `select 1 from pg_extension where extname = 'pg_trgm'`,
  );
  return rows.length > 0;
}

async function fillLarge(knex: Knex, pages: number) {
  for (const name of REBUILT) await knex.raw(`drop index if exists ${name}`);
  await knex.raw('alter table receipt_lines drop constraint if exists receipt_lines_pkey');
  for (let from = 0; from < pages; from += CHUNK_PAGES) {
    // Page numbers of ours, not input: inlined, so the setting goes in the same statement
    // string (without a transaction, each statement may take another pooled connection).
    await knex.raw(`${MEMORY}; ${FILL}
      and l.ctid >= '(${from},0)'::tid and l.ctid < '(${from + CHUNK_PAGES},0)'::tid`);
    // The old versions' space, for the next chunk's new ones.
    await knex.raw('vacuum receipt_lines');
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table receipt_lines add column if not exists customer_id uuid,
    add column if not exists occurred_at timestamptz, add column if not exists kind text`);
  await knex.raw(`create or replace function receipt_lines_fill_purchase() returns trigger
    language plpgsql as $$
    begin
      select r.customer_id, r.occurred_at, r.kind into new.customer_id, new.occurred_at, new.kind
        from receipts r where r.id = new.receipt_id;
      return new;
    end $$`);
  await knex.raw(`create or replace function receipts_move_lines() returns trigger
    language plpgsql as $$
    begin
      update receipt_lines l
        set customer_id = new.customer_id, occurred_at = new.occurred_at, kind = new.kind
        where l.receipt_id = new.id;
      return null;
    end $$`);
  await knex.raw(`drop trigger if exists receipt_lines_fill_purchase on receipt_lines;
    create trigger receipt_lines_fill_purchase before insert or update of receipt_id
      on receipt_lines for each row execute function receipt_lines_fill_purchase();
    drop trigger if exists receipts_move_lines on receipts;
    create trigger receipts_move_lines after update of customer_id, occurred_at, kind on receipts
      for each row when ((old.customer_id, old.occurred_at, old.kind)
                         is distinct from (new.customer_id, new.occurred_at, new.kind))
      execute function receipts_move_lines();`);

  const { rows } = await knex.raw<{ rows: { lines: number; pages: number }[] }>(
    `select reltuples::bigint as lines, relpages as pages from pg_class
     where oid = 'receipt_lines'::regclass`,
  );
  const { lines, pages } = rows[0]!;
  if (Number(lines) > LARGE) await fillLarge(knex, Number(pages));
  // A small table at once; after a chunked fill, lines written meanwhile (the trigger filled
  // those) or left by a fill cut short.
  await knex.raw(`${MEMORY}; ${FILL}`);
  await knex.raw(`alter table receipt_lines alter column customer_id set not null,
    alter column occurred_at set not null, alter column kind set not null`);

  const { rows: pkey } = await knex.raw<{ rows: unknown[] }>(
    `select 1 from pg_constraint where conname = 'receipt_lines_pkey'`,
  );
  if (pkey.length === 0)
    await knex.raw(
      `${MEMORY}; alter table receipt_lines add constraint receipt_lines_pkey primary key (id)`,
    );
  await knex.raw(
    `${MEMORY}; create index if not exists receipt_lines_receipt_id_index on receipt_lines (receipt_id)`,
  );
  if (await trgmAvailable(knex))
    await knex.raw(`${MEMORY}; create index if not exists receipt_lines_name_trgm on receipt_lines
      using gin (lower(name) gin_trgm_ops)`);
  // A product's purchases by time, holding what a count needs: an index-only range scan per
  // matching name (db/segment-sql/lines.ts finds the names by walking this index).
  await knex.raw(`${MEMORY}; create index if not exists receipt_lines_purchases_name on receipt_lines
    (name, occurred_at) include (customer_id, receipt_id) where kind = 'purchase'`);
  // The visibility map, for index-only scans.
  await knex.raw('vacuum analyze receipt_lines');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop trigger if exists receipts_move_lines on receipts;
    drop trigger if exists receipt_lines_fill_purchase on receipt_lines;
    drop function if exists receipts_move_lines();
    drop function if exists receipt_lines_fill_purchase();
    drop index if exists receipt_lines_purchases_name;
    alter table receipt_lines drop column if exists customer_id,
      drop column if exists occurred_at, drop column if exists kind`);
}
