// Consent history: every change of a subscription, with when and where it came from, so that
// Herald can show what a customer agreed to at any time (subscriptions holds only the latest).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('consent_history', (t) => {
    t.bigIncrements('id');
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('channel').notNullable();
    t.text('messaging_type').notNullable();
    t.boolean('subscribed').notNullable();
    t.text('source').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id', 'recorded_at']);
  });
  // Erasures are remembered by customer ID and time only: proof that it was done, no data.
  await knex.schema.createTable('erasures', (t) => {
    t.uuid('customer_id').primary();
    t.integer('journeys_ended').notNullable().defaultTo(0);
    t.timestamp('erased_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('erasures');
  await knex.schema.dropTableIfExists('consent_history');
}
