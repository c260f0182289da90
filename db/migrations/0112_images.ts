// Images uploaded in the email editor (issue 14), served by Herald itself at /i/{id}, so that
// emails need no third-party host. Kept in Postgres: a few hundred kilobytes each, read through
// the api with long cache headers, and backed up with everything else.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('images', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('content_type').notNullable();
    t.specificType('bytes', 'bytea').notNullable();
    t.integer('size').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('images');
}
