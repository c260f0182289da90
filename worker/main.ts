// The worker process: runs journey workflows and their activities until SIGINT/SIGTERM.
import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createSmtpGateway } from '../activities/channels/smtp.ts';
import { loadConfig } from '../core/config.ts';
import { createDb } from '../db/connection.ts';
import { migrateLatest } from '../db/migrate.ts';
import { failing, serveTelemetry } from '../entry/telemetry-server.ts';
import { createHeraldWorker } from './create-worker.ts';
import { ensureNamespace } from './namespace.ts';
import { registerSearchAttributes } from './search-attributes.ts';
import { workerTuning } from './tuning.ts';

const config = loadConfig();
const log = pino({ name: 'worker', level: config.LOG_LEVEL });
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
  throw new Error('The worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm run dev sets both).');
}
// Shutdown on signals is ours to drive, so Ctrl-C in the launcher stops the worker cleanly.
// The SDK's own messages go through our logger; its INFO chatter only when debugging.
const sdkLevel: LogLevel =
  config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN';
Runtime.install({
  shutdownSignals: [],
  logger: new DefaultLogger(sdkLevel, ({ level, message, meta }) => {
    const method = level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : 'debug';
    log[method](meta ?? {}, message);
  }),
  // The SDK's own metrics (temporal_workflow_*, temporal_activity_*, poll and slot gauges) on
  // the port after the worker's.
  ...(config.WORKER_METRICS_PORT > 0 && {
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress: `${config.METRICS_HOST}:${config.WORKER_METRICS_PORT + 1}` },
      },
    },
  }),
});

const db = createDb(config.DATABASE_URL);
await migrateLatest(db);
// A fresh cluster has no namespace yet (the dev server makes "default" itself).
await ensureNamespace(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
await registerSearchAttributes(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const email = createSmtpGateway({
  host: config.SMTP_HOST,
  port: config.SMTP_PORT,
  secure: config.SMTP_SECURE,
  user: config.SMTP_USER,
  password: config.SMTP_PASSWORD,
  from: config.EMAIL_FROM,
});
const { worker, connection } = await createHeraldWorker({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  db,
  email,
  log,
  workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
  ensureSchedules: true,
  tracking: {
    baseUrl: config.trackingUrl,
    secret: config.HERALD_SECRET,
    unsubscribeMailto: config.UNSUBSCRIBE_MAILTO,
  },
  tuning: workerTuning(config),
  ...(config.BOUNCE_SMTP_PORT > 0 && {
    bounceSmtp: { port: config.BOUNCE_SMTP_PORT, host: config.BOUNCE_SMTP_HOST },
  }),
});
const telemetry =
  config.WORKER_METRICS_PORT > 0
    ? serveTelemetry({
        port: config.WORKER_METRICS_PORT,
        host: config.METRICS_HOST,
        onError: (err) => log.error({ err }, 'metrics and probes are off: their port is taken'),
        check: async () => [
          ...(await failing({ postgres: () => db.raw('select 1') })),
          ...(worker.getState() === 'RUNNING' ? [] : [`worker ${worker.getState()}`]),
        ],
      })
    : undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
await worker.run();
telemetry?.close();
await connection.close();
email.close();
await db.destroy();
log.info('worker stopped');
