// Metrics an analyst can trust: the account's metric settings (RFM window, CLTV lifetime, margin
// and minimum tenure, in one row), the windowed frequency and revenue each RFM score was read
// from, each score's boundary at the last ranking (the rank key of the worst customer holding
// it, which customers refreshed between rankings are compared with), the ranking's scoring date,
// and what the drift of scores between rankings is measured by: a sequence every customer scored
// against the boundaries takes a number from, and its value at the last ranking.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('metric_settings', (t) => {
    t.boolean('id').primary().defaultTo(true); // one row: the account's
    t.integer('rfm_window_days');
    t.decimal('cltv_lifetime_years', 8, 4).notNullable();
    t.decimal('cltv_gross_margin', 6, 5).notNullable();
    t.integer('cltv_min_tenure_days').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('id', [], 'metric_settings_one_row');
  });
  // The defaults of core/metric-settings.ts as they were when this ran: all of history, three
  // years, revenue (margin 1), a quarter.
  await knex('metric_settings').insert({
    rfm_window_days: null,
    cltv_lifetime_years: 3,
    cltv_gross_margin: 1,
    cltv_min_tenure_days: 90,
  });
  await knex.schema.alterTable('customer_metrics', (t) => {
    t.integer('rfm_frequency'); // orders inside the RFM window
    t.decimal('rfm_monetary', 16, 2); // revenue inside it, net of the returns inside it
  });
  await knex.schema.alterTable('rfm_thresholds', (t) => {
    t.bigInteger('drift_mark').notNullable().defaultTo(0);
    t.timestamp('as_of', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('rfm_boundaries', (t) => {
    t.text('score'); // r | f | m
    t.smallint('value'); // 2..5: score 1 needs no boundary
    t.specificType('rank_key', 'numeric[]').notNullable(); // see RFM_KEY in core/rfm.ts
    t.primary(['score', 'value']);
  });
  await knex.raw('create sequence rfm_drift');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop sequence if exists rfm_drift');
  await knex.schema.dropTableIfExists('rfm_boundaries');
  await knex.schema.alterTable('rfm_thresholds', (t) => t.dropColumns('drift_mark', 'as_of'));
  await knex.schema.alterTable('customer_metrics', (t) =>
    t.dropColumns('rfm_frequency', 'rfm_monetary'),
  );
  await knex.schema.dropTableIfExists('metric_settings');
}
