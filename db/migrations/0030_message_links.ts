// The links each email carried when it was sent: the click tracker redirects only to these, so a
// tracking link can never become an open redirect (issue 10, finding 2).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('message_links', (t) => {
    t.uuid('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    // Keyed by a digest: a URL may be longer than a btree index entry allows.
    t.text('url_sha256').notNullable();
    t.text('url').notNullable();
    t.primary(['message_id', 'url_sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('message_links');
}
