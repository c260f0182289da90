// Receipts as the api ingests them: an idempotency key so a redelivery returns the first
// receipt, line order kept, and when a receipt was last changed by an upsert on its external ID.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('receipts', (t) => {
    t.text('idempotency_key').unique();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('receipt_lines', (t) => {
    t.integer('position').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('receipt_lines', (t) => t.dropColumn('position'));
  await knex.schema.alterTable('receipts', (t) => t.dropColumns('idempotency_key', 'updated_at'));
}
