// Gateways as data (issue 13): provider accounts per channel, with sealed credentials and a
// default per channel; every message records the gateway and sender it used and the provider's
// words; a multipart SMS keeps each part's provider ID so delivery reports find their message.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('gateways', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('channel').notNullable();
    t.text('provider').notNullable();
    t.jsonb('settings').notNullable().defaultTo('{}');
    // AES-GCM under HERALD_SECRET (core/secret-box.ts); null for the environment's SMTP.
    t.text('credentials_sealed');
    t.specificType('credential_fields', 'text[]').notNullable().defaultTo('{}');
    // Authenticates the delivery reports a provider posts back (sealed like the credentials).
    t.text('callback_token_sealed').notNullable();
    t.specificType('senders', 'text[]').notNullable().defaultTo('{}');
    t.double('rate_per_second');
    t.boolean('is_default').notNullable().defaultTo(false);
    t.text('managed_by').notNullable().defaultTo('api'); // api | environment
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index gateways_one_default on gateways (channel) where is_default');
  await knex.schema.alterTable('messages', (t) => {
    t.uuid('gateway_id').references('gateways.id').onDelete('SET NULL');
    t.text('sender');
    /** The provider's last words about the message (its answer, a report's error text). */
    t.text('provider_response');
    t.integer('parts');
  });
  await knex.schema.createTable('message_parts', (t) => {
    t.uuid('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.integer('part').notNullable();
    t.uuid('gateway_id').notNullable().references('gateways.id').onDelete('CASCADE');
    t.text('provider_message_id').notNullable();
    t.text('status').notNullable(); // sent | delivered | failed
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['message_id', 'part']);
    t.unique(['gateway_id', 'provider_message_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('message_parts');
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('parts');
    t.dropColumn('provider_response');
    t.dropColumn('sender');
    t.dropColumn('gateway_id');
  });
  await knex.schema.dropTableIfExists('gateways');
}
