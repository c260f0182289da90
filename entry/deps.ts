// What entering customers into campaigns needs: Postgres and a Temporal client. The api and the
// worker's trigger activities both have these.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../core/config.ts';
import type { Db } from '../db/connection.ts';

export interface EntryDeps {
  db: Db;
  temporal: Client;
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'>;
  log: Logger;
}
