// Identity verification for the JS tracker (issue 10, finding 1): each site has a secret of its
// own, sealed under HERALD_SECRET (core/secret-box.ts), with which the site's server signs the
// external ID it identifies a visitor as. Sites created before have none until one is made at
// POST /v1/tracker-sites/{id}/identity-secret; until then their identify calls are refused.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tracker_sites', (t) => {
    t.text('identity_secret_encrypted');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tracker_sites', (t) => {
    t.dropColumn('identity_secret_encrypted');
  });
}
