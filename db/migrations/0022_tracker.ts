// The JS tracker: sites with a public key and the origins allowed to use it, and the visitors
// it has seen. An anonymous visitor has a profile of their own (customers.source "tracker") until
// they identify; then their events move to the known customer and the visitor points there.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tracker_sites', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('public_key').notNullable().unique();
    t.specificType('allowed_origins', 'text[]').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('tracker_visitors', (t) => {
    t.text('visitor_id').primary();
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.boolean('identified').notNullable().defaultTo(false);
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tracker_visitors');
  await knex.schema.dropTableIfExists('tracker_sites');
}
