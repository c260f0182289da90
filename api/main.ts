// The api process.
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { loadConfig } from '../core/config.ts';
import { createDb } from '../db/connection.ts';
import { migrateLatest } from '../db/migrate.ts';
import { failing, serveTelemetry } from '../entry/telemetry-server.ts';
import { createApp } from './app.ts';

const config = loadConfig();
const log = pino({ name: 'api', level: config.LOG_LEVEL });
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
  throw new Error('The api needs DATABASE_URL and TEMPORAL_ADDRESS (npm run dev sets both).');
}
const db = createDb(config.DATABASE_URL);
await migrateLatest(db);
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const server = createApp({ db, temporal, config, log }).listen(
  config.API_PORT,
  config.API_HOST,
  () => log.info({ host: config.API_HOST, port: config.API_PORT }, 'api listening'),
);

// Prometheus and the probes, apart from the public port.
const telemetry =
  config.API_METRICS_PORT > 0
    ? serveTelemetry({
        port: config.API_METRICS_PORT,
        host: config.METRICS_HOST,
        onError: (err) => log.error({ err }, 'metrics and probes are off: their port is taken'),
        check: () =>
          failing({
            postgres: () => db.raw('select 1'),
            temporal: () => connection.workflowService.getSystemInfo({}),
          }),
      })
    : undefined;

const stop = () => {
  telemetry?.close();
  server.close(() => {
    void Promise.all([connection.close(), db.destroy()]).then(() => process.exit(0));
  });
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
