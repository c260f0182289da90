// Segment-compatible sources (issue 20): each has a write key, which the Segment and RudderStack
// SDKs send as HTTP Basic auth, kept only as its SHA-256 (it is long and random and is only ever
// compared), and a shared secret for Segment's webhook destination, which must be readable to
// verify X-Signature and so is sealed under HERALD_SECRET (core/secret-box.ts).
// segment_messages remembers the messageIds of identify and alias calls, which store no event
// whose idempotency key could: a redelivered or replayed identify then changes nothing.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('segment_sources', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('write_key_hash').notNullable().unique();
    t.text('webhook_secret_encrypted').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.schema.createTable('segment_messages', (t) => {
    t.text('message_id').primary();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('segment_messages');
  await knex.schema.dropTableIfExists('segment_sources');
}
