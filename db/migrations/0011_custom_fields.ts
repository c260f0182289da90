// Custom fields an admin defines, per entity (customers, receipts, receipt lines), with a type
// that values are checked against on ingestion. Values live in each entity's `custom` jsonb.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('custom_fields', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('entity').notNullable(); // customer | receipt | receipt_line
    t.text('key').notNullable();
    t.text('label');
    t.text('type').notNullable(); // text | number | date | boolean | list
    t.specificType('options', 'text[]'); // allowed values of a list, when restricted
    t.boolean('required').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['entity', 'key']);
    t.check("entity in ('customer', 'receipt', 'receipt_line')", [], 'custom_fields_entity');
    t.check("type in ('text', 'number', 'date', 'boolean', 'list')", [], 'custom_fields_type');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('custom_fields');
}
