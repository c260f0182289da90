// Mass mailings (issue 15): one row per mailing with its audience, channel, template revision and
// delivery settings; its recipients frozen at start (one row per customer, so a customer in two
// included segments gets one message), each with the reason it was left out, if it was.
// Messages remember their mailing, so that its live counts are one grouped query.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mailings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    // draft | scheduled | collecting | sending | paused | sent | cancelled | failed
    t.text('status').notNullable().defaultTo('draft');
    t.text('channel').notNullable();
    t.text('sender');
    t.uuid('template_id');
    // The revision pinned when the mailing was saved; its subject and body are copied at start,
    // so editing the template afterwards never changes what the mailing sends.
    t.integer('template_revision');
    t.text('template_subject');
    t.text('template_body');
    t.text('messaging_type').notNullable().defaultTo('promo');
    t.jsonb('audience').notNullable();
    t.jsonb('delivery').notNullable();
    t.jsonb('sending_window');
    t.integer('throttle_per_minute');
    t.jsonb('attribution').notNullable();
    t.jsonb('problems').notNullable().defaultTo('[]');
    // How many were left out of the frozen audience, by reason.
    t.jsonb('excluded');
    t.integer('recipients');
    t.text('error');
    t.timestamp('started_at', { useTz: true });
    t.timestamp('frozen_at', { useTz: true });
    t.integer('freeze_ms');
    t.timestamp('finished_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('mailing_recipients', (t) => {
    t.uuid('mailing_id').notNullable().references('mailings.id').onDelete('CASCADE');
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('address');
    t.text('time_zone').notNullable();
    // pending | done | excluded
    t.text('state').notNullable();
    // Why the customer was left out: no_contact | invalid | unsubscribed | capped | control_group
    t.text('reason');
    // When this recipient is due: the scheduled instant, or the scheduled local time in their zone.
    t.timestamp('send_at', { useTz: true }).notNullable();
    t.primary(['mailing_id', 'customer_id']);
    t.index(['mailing_id', 'state', 'send_at']);
  });
  await knex.schema.alterTable('messages', (t) => {
    t.uuid('mailing_id');
    t.index(['mailing_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropIndex(['mailing_id', 'status']);
    t.dropColumn('mailing_id');
  });
  await knex.schema.dropTableIfExists('mailing_recipients');
  await knex.schema.dropTableIfExists('mailings');
}
