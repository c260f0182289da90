// The customer-base report's counts, as the herald:report-snapshots run takes them (issue 16: the
// report read every customer, 1.75 s at a million). Each run keeps today's counts by source, city,
// subscription, RFM segment and day of creation, with the instant they were taken (as_of); the
// report adds only the customers created since, found through the created_at index.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table report_daily_customers add column as_of timestamptz;
    create table report_customer_counts (
      day date not null,
      figure text not null check (figure in ('source', 'city', 'subscribed', 'rfm', 'created')),
      key text not null,
      detail text not null default '',
      customers integer not null,
      primary key (day, figure, key, detail)
    );
    create index if not exists customers_created_at_idx on customers (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table report_customer_counts;
    alter table report_daily_customers drop column as_of;
  `);
}
