// What activities need from the outside world, handed to the factory by the worker (or a test).
import type { Logger } from 'pino';
import type { Db } from '../db/connection.ts';
import type { EmailGateway } from './channels/gateway.ts';

export interface ActivityDeps {
  db: Db;
  email: EmailGateway;
  log: Logger;
}
