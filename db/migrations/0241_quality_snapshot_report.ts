// Each day's data-quality snapshot keeps the whole report as the schedule took it (carriers and
// all), so the data-quality report shows today's snapshot without counting a million customers'
// contacts while the user waits (issue 16: "today's snapshot and its trend").
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table report_daily_quality add column report jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table report_daily_quality drop column report');
}
