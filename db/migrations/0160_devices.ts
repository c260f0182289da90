// Push devices (issue 13): each customer's app installs and browsers, one row per token. A token
// the provider calls unregistered is deactivated at once with its reason, and kept, so that a
// history shows why pushes stopped and a re-registration brings the device back.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('devices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('platform').notNullable(); // fcm | apns | huawei | web
    t.text('token').notNullable();
    // The app (bundle or package ID) or site the token belongs to; '' when not given.
    t.text('app_id').notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('deactivated_reason');
    t.timestamp('deactivated_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // A token names one install: registered again under another customer, it moves there.
    t.unique(['platform', 'token']);
  });
  await knex.raw(
    'create index devices_customer_active on devices (customer_id, last_seen_at desc) where active',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('devices');
}
