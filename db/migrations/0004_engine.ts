// What the campaign engine's newer nodes and triggers read and write: segment membership (filled
// by segmentation; its changes fire segment entry/exit triggers), static audiences, tags, and the
// record of profile updates already applied (so a retried step never accrues twice).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('segment_memberships', (t) => {
    t.text('segment_id').notNullable();
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.timestamp('since', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['segment_id', 'customer_id']);
    t.index(['customer_id']);
  });
  // Every entry into or exit from a segment; the trigger dispatcher turns unprocessed rows into
  // segment_entered / segment_exited events.
  await knex.schema.createTable('segment_membership_changes', (t) => {
    t.bigIncrements('id');
    t.text('segment_id').notNullable();
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('change').notNullable(); // entered | exited
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('processed_at', { useTz: true });
    t.index(['processed_at', 'id']);
  });
  await knex.schema.createTable('audiences', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('audience_members', (t) => {
    t.uuid('audience_id').notNullable().references('audiences.id').onDelete('CASCADE');
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.text('source');
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['audience_id', 'customer_id']);
  });
  await knex.schema.alterTable('customers', (t) => {
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
  });
  await knex.schema.createTable('journey_actions_applied', (t) => {
    t.text('key').primary(); // journey, node, visit
    t.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('journey_actions_applied');
  await knex.schema.alterTable('customers', (t) => t.dropColumn('tags'));
  await knex.schema.dropTableIfExists('audience_members');
  await knex.schema.dropTableIfExists('audiences');
  await knex.schema.dropTableIfExists('segment_membership_changes');
  await knex.schema.dropTableIfExists('segment_memberships');
}
