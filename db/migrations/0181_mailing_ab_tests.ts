// A/B tests of mailings (issue 15): up to five variants (a template revision, a subject) and a
// control share, split by a stable hash of mailing and customer; optionally a test share first,
// the rest held until the winner is picked by opens, clicks or conversions.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mailings', (t) => {
    t.jsonb('ab_test');
    // Each variant's subject and body, copied when the audience is frozen.
    t.jsonb('ab_copies');
    t.smallint('ab_winner');
    t.jsonb('ab_results');
  });
  await knex.schema.alterTable('mailing_recipients', (t) => {
    // The variant sent (0 to 4); null outside A/B tests, for the A/B control and for the held.
    t.smallint('variant');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mailing_recipients', (t) => t.dropColumn('variant'));
  await knex.schema.alterTable('mailings', (t) =>
    t.dropColumns('ab_test', 'ab_copies', 'ab_winner', 'ab_results'),
  );
}
