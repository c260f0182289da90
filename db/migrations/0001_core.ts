// The core schema: customers and their contacts, events, receipts, campaigns with versions and
// entries, messages with their status history, templates, users, sessions and API keys.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('external_id').unique();
    t.text('email');
    t.text('phone');
    t.text('first_name');
    t.text('last_name');
    t.text('gender');
    t.date('birth_date');
    t.text('city');
    t.text('time_zone').notNullable().defaultTo('UTC');
    t.text('locale');
    t.boolean('is_tester').notNullable().defaultTo(false);
    t.jsonb('custom').notNullable().defaultTo('{}');
    t.text('source');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['email']);
    t.index(['phone']);
  });

  // One row per address a customer can be reached at, per channel.
  await knex.schema.createTable('contacts', (t) => {
    t.bigIncrements('id');
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('channel').notNullable(); // email | sms | push | viber | webhook
    t.text('address').notNullable();
    t.boolean('is_valid').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['customer_id', 'channel', 'address']);
  });

  // Consent per channel and messaging type (promo, service, transactional...), with its source.
  await knex.schema.createTable('subscriptions', (t) => {
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('channel').notNullable();
    t.text('messaging_type').notNullable();
    t.boolean('subscribed').notNullable();
    t.text('source');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['customer_id', 'channel', 'messaging_type']);
  });

  await knex.schema.createTable('events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('type').notNullable();
    t.jsonb('properties').notNullable().defaultTo('{}');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('idempotency_key').unique();
    t.text('source');
    t.index(['customer_id', 'type', 'occurred_at']);
  });

  await knex.schema.createTable('receipts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('external_id').unique();
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.decimal('total', 14, 2).notNullable();
    t.text('currency').notNullable().defaultTo('USD');
    t.text('store');
    t.text('source');
    t.jsonb('custom').notNullable().defaultTo('{}');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id', 'occurred_at']);
  });

  await knex.schema.createTable('receipt_lines', (t) => {
    t.bigIncrements('id');
    t.uuid('receipt_id').notNullable().references('receipts.id').onDelete('CASCADE');
    t.text('product_id');
    t.text('name');
    t.text('category');
    t.decimal('quantity', 14, 3).notNullable().defaultTo(1);
    t.decimal('price', 14, 2).notNullable();
    t.decimal('amount', 14, 2).notNullable();
    t.jsonb('custom').notNullable().defaultTo('{}');
    t.index(['receipt_id']);
  });

  await knex.schema.createTable('templates', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('channel').notNullable().defaultTo('email');
    t.text('subject').notNullable();
    t.text('body').notNullable(); // MJML with Liquid variables
    t.integer('revision').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('campaigns', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('description');
    t.text('status').notNullable().defaultTo('draft');
    t.jsonb('draft').notNullable(); // the graph being edited
    t.integer('current_version');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Immutable published graphs; trigger_types is derived at publish time so that matching an
  // event to campaigns is one indexed query.
  await knex.schema.createTable('campaign_versions', (t) => {
    t.uuid('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.jsonb('graph').notNullable();
    t.specificType('trigger_types', 'text[]').notNullable();
    t.text('note');
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['campaign_id', 'version']);
  });
  await knex.raw(
    'create index campaign_versions_trigger_types on campaign_versions using gin (trigger_types)',
  );

  // The re-entry guard's memory (DESIGN decision 1): one row per journey ever started.
  await knex.schema.createTable('campaign_entries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE');
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.integer('entry_number').notNullable();
    t.integer('version').notNullable();
    t.text('workflow_id').notNullable().unique();
    t.uuid('trigger_event_id');
    t.text('status').notNullable().defaultTo('starting'); // starting | running | completed | failed
    t.text('current_node');
    t.timestamp('entered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.unique(['campaign_id', 'customer_id', 'entry_number']);
    t.index(['customer_id', 'status']);
    t.index(['campaign_id', 'status']);
  });

  await knex.schema.createTable('messages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('idempotency_key').notNullable().unique(); // DESIGN decision 4
    t.uuid('customer_id').references('customers.id').onDelete('SET NULL');
    t.uuid('campaign_id').references('campaigns.id').onDelete('SET NULL');
    t.uuid('entry_id').references('campaign_entries.id').onDelete('SET NULL');
    t.text('node_id');
    t.text('channel').notNullable();
    t.uuid('template_id').references('templates.id').onDelete('SET NULL');
    t.text('to_address');
    t.text('subject');
    t.text('status').notNullable(); // sending | sent | failed | skipped | unknown
    t.text('provider_message_id');
    t.text('error');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id', 'created_at']);
    t.index(['campaign_id', 'status']);
  });

  await knex.schema.createTable('message_status_history', (t) => {
    t.bigIncrements('id');
    t.uuid('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.text('status').notNullable();
    t.text('detail');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['message_id', 'at']);
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable().unique();
    t.text('name').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable().defaultTo('admin');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sessions', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Keys are stored as SHA-256 hashes; the prefix lets a person tell keys apart.
  await knex.schema.createTable('api_keys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('prefix').notNullable();
    t.text('key_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'api_keys',
    'sessions',
    'users',
    'message_status_history',
    'messages',
    'campaign_entries',
    'campaign_versions',
    'campaigns',
    'templates',
    'receipt_lines',
    'receipts',
    'events',
    'subscriptions',
    'contacts',
    'customers',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
