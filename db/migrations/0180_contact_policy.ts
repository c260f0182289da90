// The contact policy (issue 15): one row holding the frequency caps, the messaging types'
// priorities and the quiet hours (core/contact-policy.ts), and the share of customers in the
// global control group. The control group is a stable hash of the customer ID, computed by
// herald_control_bucket() here so that the freeze of a mailing, the send check and the
// analytics' uplift reports (the view global_control_group) all draw the same customers.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('contact_policy', (t) => {
    t.smallint('id').primary().defaultTo(1);
    t.jsonb('policy').notNullable().defaultTo('{"caps":[],"priorities":{},"quietHours":[]}');
    // Percent of customers who receive no marketing at all (0 to 50, two decimals).
    t.decimal('control_group_percent', 5, 2).notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('id = 1', [], 'contact_policy_one_row');
  });
  await knex('contact_policy').insert({ id: 1 });
  // 0..9999 from the first 32 bits of md5: stable across Postgres versions and machines
  // (hashtext is not promised to be), and the same in JS (db/control-group.ts).
  await knex.raw(`
    create function herald_control_bucket(customer_id uuid) returns integer
      language sql immutable parallel safe
      as $$ select (('x' || substr(md5('control:' || customer_id::text), 1, 8))::bit(32)::bigint % 10000)::integer $$`);
  await knex.raw(`
    create view global_control_group as
      select c.id as customer_id from customers c, contact_policy p
      where herald_control_bucket(c.id) < p.control_group_percent * 100`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop view if exists global_control_group');
  await knex.raw('drop function if exists herald_control_bucket(uuid)');
  await knex.schema.dropTableIfExists('contact_policy');
}
