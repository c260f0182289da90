// Messaging types (issue 14): what a customer subscribes to or leaves, per channel. A type marked
// transactional (an order confirmation, a password reset) ignores unsubscribes; every other is
// marketing, carries List-Unsubscribe and a footer link, and is listed on the preference page.
// Each message remembers its type, so that its unsubscribe link knows what to stop.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('messaging_types', (t) => {
    t.text('key').primary();
    t.text('name').notNullable();
    t.text('description');
    t.boolean('transactional').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // The types sends used before this table existed: "promo" by default, "transactional" exempt.
  await knex('messaging_types').insert([
    { key: 'promo', name: 'Offers and news', transactional: false },
    { key: 'transactional', name: 'Orders and account', transactional: true },
  ]);
  await knex.schema.alterTable('messages', (t) => {
    t.text('messaging_type');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('messaging_type');
  });
  await knex.schema.dropTableIfExists('messaging_types');
}
