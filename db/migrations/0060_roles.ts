// Users and roles (issue 10, point 9): a user's role is one of four and can be deactivated (their
// sessions end at once); an API key carries a scope, a role or a set of permissions. Keys made
// before this migration keep full access (role admin), as the one user the launcher made is admin.
import type { Knex } from 'knex';

const ROLES = "('admin', 'marketer', 'analyst', 'developer')";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('deactivated_at', { useTz: true });
  });
  await knex.raw(`alter table users add constraint users_role_known check (role in ${ROLES})`);
  await knex.schema.alterTable('api_keys', (t) => {
    t.text('role');
    t.specificType('permissions', 'text[]');
    t.uuid('created_by').references('users.id').onDelete('SET NULL');
  });
  await knex('api_keys').update({ role: 'admin' });
  await knex.raw(`alter table api_keys
    add constraint api_keys_role_known check (role in ${ROLES}),
    add constraint api_keys_one_scope check ((role is null) <> (permissions is null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_keys', (t) => {
    t.dropChecks(['api_keys_role_known', 'api_keys_one_scope']);
    t.dropColumns('role', 'permissions', 'created_by');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropChecks(['users_role_known']);
    t.dropColumn('deactivated_at');
  });
}
