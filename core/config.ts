// The one place that reads the environment (DESIGN decision 8). Everything else receives a
// parsed Config. Every variable is listed in the README with its default.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EgressAllowList } from './egress.ts';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** Requests per minute from one client address; 0 turns the limit off. */
const perMinute = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: Herald starts an embedded Postgres whose data lives under DATA_DIR. */
  DATABASE_URL: optionalString,
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: port(5432),
  /** Unset: Herald starts `temporal server start-dev` itself. */
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('herald'),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_UI_URL: optionalString,
  TEMPORAL_CLI_PATH: optionalString,
  /**
   * What Temporal the launcher and the tests start when TEMPORAL_ADDRESS is unset: the CLI's dev
   * server (SQLite), or a real cluster on Postgres (`npm run dev -- --cluster`).
   */
  HERALD_TEMPORAL: z.enum(['dev', 'cluster']).default('dev'),
  /** History shards of a cluster Herald creates; fixed when its databases are first made. */
  TEMPORAL_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16384).default(4),
  /** The Prometheus endpoint of a cluster Herald starts (`/metrics`); 0 turns it off. */
  TEMPORAL_METRICS_PORT: port(8000),
  /** Where cluster mode keeps the Temporal binaries it builds; unset: DATA_DIR/temporal-cluster. */
  TEMPORAL_CLUSTER_CACHE: optionalString,
  /**
   * Prometheus metrics and health probes (/metrics, /health/live, /health/ready) of the api and
   * of the worker, on ports apart from the api's; 0 turns one off. A worker's SDK metrics
   * (temporal_*) are on the port after its own; the launcher's second worker uses the next two.
   */
  API_METRICS_PORT: port(9464),
  WORKER_METRICS_PORT: port(9465),
  /** The interface those listen on: loopback unless said otherwise (containers: 0.0.0.0). */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Worker processes the launcher starts; unset: 2 in cluster mode, else 1. */
  WORKER_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  /** A prebuilt workflow bundle (bundleWorkflowCode); unset, the worker bundles at start. */
  WORKFLOW_BUNDLE_PATH: optionalString,
  /**
   * Journeys kept in the worker's memory between their steps. The SDK sizes it from the heap
   * (about 2,300 on a 24 GB host, 4 GB of memory); a journey evicted from it is replayed from
   * its history when it next wakes, which costs a few milliseconds.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  /** Workflow tasks, activities and local activities a worker runs at once; unset: the SDK's. */
  WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).optional(),
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).optional(),
  WORKER_LOCAL_ACTIVITY_SLOTS: z.coerce.number().int().min(1).optional(),
  SMTP_HOST: z.string().default('localhost'),
  SMTP_PORT: port(1025),
  SMTP_SECURE: z.stringbool().default(false),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  EMAIL_FROM: z.string().default('Herald <hello@herald.local>'),
  /**
   * The bounce receiver: an SMTP server in the worker that reads DSNs and abuse reports mailed
   * back (worker/bounce-receiver.ts). 0, the default, starts none.
   */
  BOUNCE_SMTP_PORT: port(0),
  BOUNCE_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  INBOX_PORT: port(1080),
  API_PORT: port(4000),
  /**
   * The interface the api listens on: loopback unless said otherwise, so that a laptop running
   * Herald does not offer it to its network. Containers set 0.0.0.0.
   */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_URL: optionalString,
  /** Where recipients' mail clients reach the open pixel and click links; the api's URL by default. */
  TRACKING_URL: optionalString,
  WEB_PORT: port(3000),
  /** The interface the web app listens on (`next --hostname`), loopback by default like the api's. */
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  /** Where people open the web app: invite links point there. */
  WEB_URL: optionalString,
  /**
   * Signs web sessions and tracking links, encrypts provider credentials. Unset: a random secret
   * created on first start and kept in DATA_DIR/herald-secret, so no running Herald uses a
   * publicly known value.
   */
  HERALD_SECRET: z.string().min(16, 'HERALD_SECRET must be at least 16 characters').optional(),
  HERALD_ADMIN_EMAIL: z.string().email().default('admin@herald.local'),
  HERALD_ADMIN_PASSWORD: z.string().min(8).default('herald-admin'),
  DEMO_DATA: z.stringbool().default(true),
  /**
   * Private, loopback, link-local and metadata addresses Herald's own requests (HTTP-call steps)
   * may reach, as CIDRs, addresses or host names; unset: public addresses only.
   */
  EGRESS_ALLOW: EgressAllowList,
  /**
   * Rate limits of the public routes (no API key), per client address and minute, counted in
   * Postgres so that every api process shares one count. Tracking links are generous: mail
   * providers' image proxies fetch open pixels for many recipients from few addresses.
   */
  RATE_LIMIT_TRACKER: perMinute(600),
  RATE_LIMIT_TRACKING_LINKS: perMinute(6000),
  /** Per webhook source (or Segment endpoint) and sending address. */
  RATE_LIMIT_WEBHOOKS: perMinute(1200),
  /** Invite links looked up or accepted, per address. */
  RATE_LIMIT_INVITES: perMinute(60),
  /** Preference pages and one-click unsubscribes (signed links in emails), per address. */
  RATE_LIMIT_PREFERENCES: perMinute(120),
  /**
   * An address offered in List-Unsubscribe beside the link, for mail clients that only send
   * mail; set it only where something reads that mailbox and unsubscribes its senders.
   */
  /**
   * A spamd (SpamAssassin's daemon) that template checks ask for a spam score; unset: the api
   * starts Debian's spamd itself on first use, local tests only, on a Unix socket.
   */
  SPAMD_HOST: optionalString,
  SPAMD_PORT: port(783),
  UNSUBSCRIBE_MAILTO: optionalString.pipe(z.email('give an email address').optional()),
  /**
   * Which proxies' X-Forwarded-For the api believes for the client's address (rate limits, the
   * sign-in throttle): express's "trust proxy" (loopback, a list of addresses or CIDRs).
   */
  TRUST_PROXY: z.string().default('loopback'),
  /** Where scheduled CSV exports are written; unset: DATA_DIR/exports. */
  EXPORT_DIR: optionalString,
});

export type Config = Omit<z.infer<typeof ConfigSchema>, 'HERALD_SECRET'> & {
  HERALD_SECRET: string;
  /** Derived: where the api is reached, and where ops open a journey in the Temporal UI. */
  apiUrl: string;
  trackingUrl: string;
  webUrl: string;
  temporalUiUrl: string;
  exportDir: string;
};

/** Parses an environment; throws one readable error listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  if (c.HERALD_SECRET?.startsWith('dev-secret')) {
    throw new Error(
      'Invalid configuration:\n  HERALD_SECRET: the development default is public; set a secret of your own or leave it unset',
    );
  }
  const apiUrl = c.API_URL ?? `http://localhost:${c.API_PORT}`;
  return {
    ...c,
    HERALD_SECRET: c.HERALD_SECRET ?? installationSecret(c.DATA_DIR),
    apiUrl,
    trackingUrl: c.TRACKING_URL ?? apiUrl,
    webUrl: (c.WEB_URL ?? `http://localhost:${c.WEB_PORT}`).replace(/\/+$/, ''),
    temporalUiUrl: c.TEMPORAL_UI_URL ?? `http://localhost:${c.TEMPORAL_UI_PORT}`,
    exportDir: c.EXPORT_DIR ?? `${c.DATA_DIR}/exports`,
  };
}

/**
 * The installation's own secret: read from DATA_DIR/herald-secret (or another file of DATA_DIR,
 * such as the embedded Postgres's passwords), or created there on first start. Created under a
 * temporary name and hard-linked into place, so api and worker starting together agree on one
 * secret (the loser of the race reads the winner's).
 */
export function installationSecret(dataDir: string, name = 'herald-secret'): string {
  const file = path.resolve(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, randomBytes(32).toString('base64url'), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(file, 'utf8').trim();
}

let cached: Config | undefined;
/** The process's configuration, parsed from process.env on first use. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
