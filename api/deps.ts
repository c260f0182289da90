// What the api's routes need; built once by api/main.ts (or a test) and passed down.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../core/config.ts';
import type { Db } from '../db/connection.ts';
import type { RateLimitConfig } from './rate-limits.ts';

export interface ApiDeps {
  db: Db;
  temporal: Client;
  config: Pick<
    Config,
    | 'TEMPORAL_NAMESPACE'
    | 'TEMPORAL_TASK_QUEUE'
    | 'temporalUiUrl'
    | 'NODE_ENV'
    | 'HERALD_SECRET'
    | 'TRUST_PROXY'
    // Invites are mailed by the api itself, through the SMTP relay Herald is configured with.
    | 'SMTP_HOST'
    | 'SMTP_PORT'
    | 'SMTP_SECURE'
    | 'SMTP_USER'
    | 'SMTP_PASSWORD'
    | 'EMAIL_FROM'
    | 'webUrl'
    // Template checks: the spam score, and the unsubscribe link a preview shows.
    | 'SPAMD_HOST'
    | 'SPAMD_PORT'
    // The api's public address: gateways' status callback URLs point there.
    | 'trackingUrl'
  > &
    RateLimitConfig;
  log: Logger;
}
