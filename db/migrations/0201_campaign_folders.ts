// Campaign folders: a marketer with hundreds of campaigns files them ("Onboarding", "Black
// Friday 2026"). One name per campaign, no nesting: the list filters by it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('campaigns', (t) => {
    t.text('folder');
    t.index(['folder']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('campaigns', (t) => {
    t.dropColumn('folder');
  });
}
