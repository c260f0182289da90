// One knex instance per process, built from the parsed configuration.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint counts (count(*)) arrive as strings by default; they fit in a JS number here.
pg.types.setTypeParser(20, (v) => Number(v));
// Herald's days are UTC days (core/report-period.ts). A Date bound as a parameter is sent in UTC,
// so one compared with a date column means its UTC day, not the day where the process runs; and
// every session runs in UTC (below), so now()::date and a date's midnight are UTC too, whatever
// zone the Postgres server was set up in.
pg.defaults.parseInputDatesAsUTC = true;

export type Db = Knex;
/** A transaction begun with `db.transaction()`, committed or rolled back by its holder. */
export type Trx = Knex.Transaction;

export function createDb(databaseUrl: string, pool: { min?: number; max?: number } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: databaseUrl, options: '-c TimeZone=UTC' },
    pool: { min: pool.min ?? 0, max: pool.max ?? 20 },
  });
}
