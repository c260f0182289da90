// Rate-limit counters of the public routes (api/rate-limits.ts), shared by every api process.
// The shape is rate-limiter-flexible's RateLimiterPostgres table: the key (group and client
// address), the points used in the current window, and when the window ends (ms since epoch).
// Expired rows are deleted by the limiter itself every five minutes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
