// External systems that post events to /webhooks/{source}. A token is kept only as its SHA-256
// hash (it is long and random); an HMAC secret must be readable to verify signatures, so it is
// kept encrypted with HERALD_SECRET (core/secret-box.ts) and never returned after creation.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_sources', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('auth_mode').notNullable();
    t.text('token_hash');
    t.text('secret_encrypted');
    t.text('default_event_type');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.check("auth_mode in ('token', 'hmac-sha256')", [], 'webhook_sources_auth_mode');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webhook_sources');
}
