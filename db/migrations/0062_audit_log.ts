// The audit log (issue 10, point 9): who published, stopped, erased, exported or changed a
// setting, a user, a role or a key, and when. Written in the change's own transaction where the
// change is a database write, so a change and its record land together or not at all.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** "user" or "apiKey"; the actor's ID and a label (email, key name) kept as they were. */
    t.text('actor_kind').notNullable();
    t.uuid('actor_id');
    t.text('actor_label').notNullable();
    t.text('action').notNullable();
    t.text('target_type').notNullable();
    t.text('target_id');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['at', 'id']);
    t.index(['action', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
