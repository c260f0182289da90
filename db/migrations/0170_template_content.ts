// What a template carries beyond its subject and body, per channel (core/channel-content.ts):
// a push notification's image and deep link, a Viber message's image and button. Kept as one
// JSON column on the template and on each revision, so that a pinned revision sends exactly
// what was published.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  for (const table of ['templates', 'template_revisions']) {
    await knex.schema.alterTable(table, (t) => {
      t.jsonb('content').notNullable().defaultTo('{}');
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['templates', 'template_revisions']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('content');
    });
  }
}
