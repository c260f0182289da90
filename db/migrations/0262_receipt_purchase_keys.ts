// Receipt lines counted in a period ("bought toothpaste twice in 2 years") join each matching
// line to its receipt for the customer, the time and the kind. By the primary key, each of the
// 311,246 toothpaste lines of the segments benchmark fetched its receipt's row from the 10 M
// receipts' heap; this index holds the customer and time beside purchases' IDs, so the join is
// an index-only probe.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index if not exists receipts_purchases_id on receipts (id)
    include (customer_id, occurred_at) where kind = 'purchase'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists receipts_purchases_id');
}
