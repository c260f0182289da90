// Per-node counters of each campaign version, for the canvas's live view: how many journeys
// entered a node and how many left it by each exit. Waiting-now and sent come from
// campaign_entries and messages.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('campaign_node_counters', (t) => {
    t.uuid('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.text('node_id').notNullable();
    /** "" counts entries into the node; any other value counts departures by that exit. */
    t.text('exit').notNullable();
    t.bigInteger('count').notNullable().defaultTo(0);
    t.primary(['campaign_id', 'version', 'node_id', 'exit']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('campaign_node_counters');
}
