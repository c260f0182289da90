// One knex instance per process, built from the parsed configuration.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint counts (count(*)) arrive as strings by default; they fit in a JS number here.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = Knex;
/** A transaction begun with `db.transaction()`, committed or rolled back by its holder. */
export type Trx = Knex.Transaction;

export function createDb(databaseUrl: string, pool: { min?: number; max?: number } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: pool.min ?? 0, max: pool.max ?? 20 },
  });
}
