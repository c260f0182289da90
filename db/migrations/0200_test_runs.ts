// Test runs of a campaign's draft (entry/test-runs.ts): a tester's journey through the graph
// being edited, without publishing and without the re-entry rule. Its entry and its messages
// are marked, so that counters, reports and the re-entry rule leave them out.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  for (const table of ['campaign_entries', 'messages']) {
    await knex.schema.alterTable(table, (t) => {
      t.boolean('test').notNullable().defaultTo(false);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['campaign_entries', 'messages']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('test');
    });
  }
}
