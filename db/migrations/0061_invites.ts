// Invites (issue 10, point 9): an admin invites a colleague by email with a role; the link's
// token is single-use and expires, and is stored as a SHA-256 hash like sessions and API keys.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invites', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable();
    t.text('role').notNullable();
    t.text('token_hash').notNullable().unique();
    t.uuid('invited_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.uuid('user_id').references('users.id').onDelete('SET NULL');
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(
    "alter table invites add constraint invites_role_known check (role in ('admin', 'marketer', 'analyst', 'developer'))",
  );
  // One open invite per address: inviting again replaces the earlier link.
  await knex.raw(
    'create unique index invites_open_email on invites (email) where accepted_at is null and revoked_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invites');
}
