// Contact data quality (core/contact-quality.ts): the mailbox provider, the phone's country and
// line type, and where the time zone came from, so that detection never overwrites a zone the
// caller gave and the data-quality report can tell a known zone from the "UTC" default.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    t.text('email_provider');
    t.text('phone_country');
    t.text('phone_type');
    t.text('time_zone_source').notNullable().defaultTo('default');
    t.check(
      "time_zone_source in ('given', 'phone', 'city', 'default')",
      [],
      'customers_time_zone_source',
    );
  });
  // Before this migration a zone was only ever stored because a caller sent it.
  await knex('customers').whereNot({ time_zone: 'UTC' }).update({ time_zone_source: 'given' });
}

export async function down(knex: Knex): Promise<void> {
  // Postgres drops the check with its column.
  await knex.schema.alterTable('customers', (t) => {
    t.dropColumns('email_provider', 'phone_country', 'phone_type', 'time_zone_source');
  });
}
