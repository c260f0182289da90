// Returns and refunds as receipts of their own kind: a return carries its lines and the amount
// refunded (positive), and may name the purchase it refunds. Metrics are net of returns.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('receipts', (t) => {
    t.text('kind').notNullable().defaultTo('purchase');
    // A purchase deleted (privacy erasure) leaves its return standing alone, never dangling.
    t.uuid('original_receipt_id').references('receipts.id').onDelete('SET NULL');
    t.index(['original_receipt_id']);
  });
  await knex.raw(
    `alter table receipts add constraint receipts_kind_check check (kind in ('purchase', 'return'))`,
  );
  await knex.schema.alterTable('customer_metrics', (t) => {
    t.integer('returns_count').notNullable().defaultTo(0);
    t.decimal('returned_amount', 16, 2).notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customer_metrics', (t) =>
    t.dropColumns('returns_count', 'returned_amount'),
  );
  await knex.raw('alter table receipts drop constraint receipts_kind_check');
  await knex.schema.alterTable('receipts', (t) => t.dropColumns('kind', 'original_receipt_id'));
}
