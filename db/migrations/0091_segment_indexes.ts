// Indexes the segments benchmark (bench/segments.ts) showed a need for: events of a type in a
// period counted per customer (website behaviour, events), and "product name contains" over
// receipt lines, served by a trigram index where Postgres has pg_trgm (a trusted extension
// since Postgres 13: the database owner may create it). Without it, contains scans the lines.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'create index if not exists events_type_time on events (type, occurred_at) include (customer_id)',
  );
  await knex.raw(`do $$ begin
    create extension if not exists pg_trgm;
  exception when others then
    raise notice 'pg_trgm is not available (%): "contains" on product names scans the lines', sqlerrm;
  end $$`);
  await knex.raw(`do $$ begin
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
      create index if not exists receipt_lines_name_trgm on receipt_lines
        using gin (lower(name) gin_trgm_ops);
    end if;
  end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists receipt_lines_name_trgm');
  await knex.raw('drop index if exists events_type_time');
}
