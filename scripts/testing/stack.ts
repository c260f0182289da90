// The real servers behind tests and benchmarks: an embedded Postgres with a migrated template
// database, a Temporal dev server with Herald's search attributes, and a prebuilt workflow bundle.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDb } from '../../db/connection.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { migrateLatest } from '../../db/migrate.ts';
import { workflowsPath } from '../../worker/create-worker.ts';
import { registerSearchAttributes } from '../../worker/search-attributes.ts';
import { freePort } from '../free-port.ts';
import { startTemporalServer } from '../temporal-server.ts';

export const TEMPLATE_DATABASE = 'herald_template';

export interface LocalStack {
  /** URL of the migrated template database; clone it with CREATE DATABASE ... TEMPLATE. */
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
  stop(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} };

export async function startLocalStack(
  dataDir: string,
  opts: { temporalDbFile?: boolean } = {},
): Promise<LocalStack> {
  await rm(path.join(dataDir, 'postgres'), { recursive: true, force: true });
  await rm(path.join(dataDir, 'temporal.db'), { force: true });
  await mkdir(dataDir, { recursive: true });
  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  const [pg, temporal, bundle] = await Promise.all([
    startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: pgPort,
      database: TEMPLATE_DATABASE,
      createDatabases: true, // each test file clones the template (scripts/testing/harness.ts)
    }),
    startTemporalServer({
      port: temporalPort,
      headless: true,
      ...(opts.temporalDbFile && { dbFile: path.join(dataDir, 'temporal.db') }),
    }),
    bundleWorkflowCode({ workflowsPath, logger: quiet }),
  ]);
  await registerSearchAttributes(temporal.address, 'default');
  const template = createDb(pg.url);
  await migrateLatest(template);
  await template.destroy();
  const workflowBundlePath = path.join(dataDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);
  return {
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    workflowBundlePath,
    stop: async () => {
      await temporal.stop();
      await pg.stop();
    },
  };
}
