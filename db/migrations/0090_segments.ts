// Saved segments (issue 12): rules, folder, refresh interval, current metrics and a history of
// sizes; audiences learn where they came from; the account gains a time zone, in which segment
// rules read "today" and "this month".
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('segments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('description');
    t.text('folder');
    t.jsonb('rules').notNullable();
    // A draft's missing values, by path; a segment with problems is saved but never refreshed.
    t.jsonb('problems').notNullable().defaultTo('[]');
    t.integer('refresh_minutes').notNullable().defaultTo(15);
    t.integer('profiles');
    t.integer('base');
    t.decimal('average_check', 16, 2);
    t.decimal('ltv', 16, 2);
    t.decimal('total_spent', 18, 2);
    t.integer('refresh_ms');
    t.timestamp('refreshed_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('segment_sizes', (t) => {
    t.uuid('segment_id').notNullable().references('segments.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('profiles').notNullable();
    t.integer('entered').notNullable();
    t.integer('exited').notNullable();
    t.primary(['segment_id', 'at']);
  });
  await knex.schema.alterTable('audiences', (t) => {
    t.text('description');
    t.text('origin').notNullable().defaultTo('manual'); // segment | csv | manual
    t.uuid('segment_id'); // the segment it was frozen from (which may since be deleted)
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('audience_members', (t) => t.index(['customer_id']));
  await knex.schema.alterTable('account_settings', (t) => {
    t.text('time_zone').notNullable().defaultTo('UTC');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('account_settings', (t) => t.dropColumn('time_zone'));
  await knex.schema.alterTable('audience_members', (t) => t.dropIndex(['customer_id']));
  await knex.schema.alterTable('audiences', (t) =>
    t.dropColumns('description', 'origin', 'segment_id', 'updated_at'),
  );
  await knex.schema.dropTableIfExists('segment_sizes');
  await knex.schema.dropTableIfExists('segments');
}
