// receipts_purchases_id (migration 0262) let a receipt line join its purchase for the customer
// and time by an index-only probe. The lines carry both now (migration 0266); the only join
// left, for a store filter, reads the receipt's row for the store anyway. Dropped: 561 MB at
// 10 M receipts, and one index less to write with every receipt.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists receipts_purchases_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`create index if not exists receipts_purchases_id on receipts (id)
    include (customer_id, occurred_at) where kind = 'purchase'`);
}
