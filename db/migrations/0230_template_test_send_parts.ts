// Test sends of SMS, push and Viber templates (issue 14) go through the channel's real gateway,
// so the provider answers them with IDs and, later, delivery reports. Those IDs are kept here,
// beside the test send and apart from message_parts, so that a report finds its test (the tester
// sees it delivered) instead of being refused as unknown and offered again for ever, and so that
// no report, statistic or condition over messages ever counts a test.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('template_test_sends', (t) => {
    t.text('channel').notNullable().defaultTo('email');
  });
  await knex.schema.createTable('template_test_send_parts', (t) => {
    t.bigInteger('test_send_id')
      .notNullable()
      .references('template_test_sends.id')
      .onDelete('CASCADE');
    t.uuid('gateway_id').notNullable().references('gateways.id').onDelete('CASCADE');
    t.text('provider_message_id').notNullable();
    /** The phone number or device token the part went to. */
    t.text('to_address').notNullable();
    t.text('status').notNullable().defaultTo('sent');
    t.text('detail');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('reported_at', { useTz: true });
    t.primary(['gateway_id', 'provider_message_id']);
    t.index(['test_send_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('template_test_send_parts');
  await knex.schema.alterTable('template_test_sends', (t) => {
    t.dropColumn('channel');
  });
}
