// Precomputed customer metrics (DESIGN decision 6): what segments filter on without scanning
// receipts. Days since last purchase is derived at read time from last_purchase_at, so it never
// goes stale. rfm_thresholds keeps the quintile breakpoints of the last full recompute, so one
// new receipt can be scored without ranking every customer again.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customer_metrics', (t) => {
    t.uuid('customer_id').primary().references('customers.id').onDelete('CASCADE');
    t.integer('receipts_count').notNullable().defaultTo(0);
    t.decimal('total_spent', 16, 2).notNullable().defaultTo(0);
    t.decimal('average_check', 16, 2);
    t.timestamp('first_purchase_at', { useTz: true });
    t.timestamp('last_purchase_at', { useTz: true });
    t.decimal('cltv', 16, 2);
    t.smallint('r_score');
    t.smallint('f_score');
    t.smallint('m_score');
    t.text('rfm_segment');
    t.jsonb('interests').notNullable().defaultTo('[]');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['rfm_segment']);
  });
  await knex.schema.createTable('rfm_thresholds', (t) => {
    t.text('score').primary(); // r | f | m
    // The smallest value of quintiles 2..5 (recency as epoch seconds of the last purchase).
    t.specificType('breakpoints', 'numeric[]').notNullable();
    t.integer('population').notNullable(); // buying customers ranked
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('rfm_thresholds');
  await knex.schema.dropTableIfExists('customer_metrics');
}
