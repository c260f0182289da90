// The mobile operator a phone number's range was assigned to (core/phone-carrier.ts), on the
// customer beside the phone's country and line type, and on the sms contact it was found for.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => t.text('phone_carrier'));
  await knex.schema.alterTable('contacts', (t) => t.text('carrier'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => t.dropColumn('carrier'));
  await knex.schema.alterTable('customers', (t) => t.dropColumn('phone_carrier'));
}
