// Template versions (issue 14): editing a template changes its draft only; publishing it makes an
// immutable revision, and sends render a published revision: the one a campaign version pinned
// when it was published, else the template's latest published one. A running journey is never
// sent what the marketer is still editing. Templates stored before this get their current
// content as published revision.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('template_revisions', (t) => {
    t.uuid('template_id').notNullable().references('templates.id').onDelete('CASCADE');
    t.integer('revision').notNullable();
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.text('note');
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['template_id', 'revision']);
  });
  await knex.schema.alterTable('templates', (t) => {
    t.integer('published_revision');
  });
  await knex.raw(`
    insert into template_revisions (template_id, revision, subject, body)
    select id, revision, subject, body from templates`);
  await knex('templates').update({ published_revision: knex.ref('revision') });
  // Test sends are kept apart from messages, so that no report counts them.
  await knex.schema.createTable('template_test_sends', (t) => {
    t.bigIncrements('id');
    t.uuid('template_id').notNullable().references('templates.id').onDelete('CASCADE');
    t.integer('revision').notNullable();
    t.uuid('customer_id').references('customers.id').onDelete('SET NULL');
    t.specificType('to_addresses', 'text[]').notNullable();
    t.text('sent_by');
    t.text('error');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['template_id', 'sent_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('template_test_sends');
  await knex.schema.alterTable('templates', (t) => {
    t.dropColumn('published_revision');
  });
  await knex.schema.dropTableIfExists('template_revisions');
}
