// The real servers behind tests and benchmarks: an embedded Postgres with a migrated template
// database, a Temporal server with Herald's search attributes, and a prebuilt workflow bundle.
// The Temporal server is the CLI's dev server, or with `temporal: 'cluster'` (HERALD_TEMPORAL=
// cluster for the test runner) a real cluster on that same Postgres, as production runs it.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../core/config.ts';
import { createDb } from '../../db/connection.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { migrateLatest } from '../../db/migrate.ts';
import { preloadModules, workflowsPath } from '../../worker/workflow-bundle.ts';
import { registerSearchAttributes } from '../../worker/search-attributes.ts';
import { freePort, freePortIn } from '../free-port.ts';
import { ensureClusterBinaries } from '../temporal-cluster-binaries.ts';
import { ensureTemporalRole } from '../temporal-cluster-postgres.ts';
import {
  type ClusterPorts,
  startTemporalCluster,
  type TemporalClusterHandle,
} from '../temporal-cluster.ts';
import { startTemporalServer } from '../temporal-server.ts';

export const TEMPLATE_DATABASE = 'herald_template';

export interface LocalStack {
  /** URL of the migrated template database; clone it with CREATE DATABASE ... TEMPLATE. */
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
  /** The cluster, when the stack runs one: fault benchmarks kill and restart it. */
  cluster?: TemporalClusterHandle;
  /** Postgres stopped and started again (same data, same port), as in a database restart. */
  postgres: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  temporalDbFile?: boolean;
  /** Unset: HERALD_TEMPORAL's choice (the dev server by default). */
  temporal?: 'dev' | 'cluster';
  /** History shards of the cluster; unset: TEMPORAL_HISTORY_SHARDS. */
  historyShards?: number;
}

const quiet = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} };
const root = path.resolve(import.meta.dirname, '../..');

export async function startLocalStack(
  dataDir: string,
  opts: LocalStackOptions = {},
): Promise<LocalStack> {
  const config = loadConfig();
  const mode = opts.temporal ?? config.HERALD_TEMPORAL;
  await rm(path.join(dataDir, 'postgres'), { recursive: true, force: true });
  await rm(path.join(dataDir, 'temporal.db'), { force: true });
  await mkdir(dataDir, { recursive: true });
  const pgOptions = {
    dataDir: path.join(dataDir, 'postgres'),
    port: await freePort(),
    database: TEMPLATE_DATABASE,
    createDatabases: true, // each test file clones the template (scripts/testing/harness.ts)
  };
  const bundling = bundleWorkflowCode({ workflowsPath, preloadModules, logger: quiet });
  const pgStarting = startEmbeddedPostgres(pgOptions);
  // The dev server starts beside Postgres; a cluster keeps its history in it, so starts after it.
  const [first, temporal] = await Promise.all([
    pgStarting,
    mode === 'cluster'
      ? pgStarting.then((started) => startCluster(started.adminUrl, dataDir, opts))
      : startTemporalServer({
          port: await freePort(),
          headless: true,
          ...(opts.temporalDbFile && { dbFile: path.join(dataDir, 'temporal.db') }),
        }),
  ]);
  let pg = first;
  const temporalAddress = temporal.address;
  const cluster = 'kill' in temporal ? temporal : undefined;
  await registerSearchAttributes(temporalAddress, 'default');
  const template = createDb(pg.url);
  await migrateLatest(template);
  await template.destroy();
  const workflowBundlePath = path.join(dataDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, (await bundling).code);
  return {
    databaseUrl: pg.url,
    temporalAddress,
    workflowBundlePath,
    cluster,
    postgres: {
      stop: () => pg.stop(),
      start: async () => {
        pg = await startEmbeddedPostgres(pgOptions);
      },
    },
    stop: async () => {
      await temporal.stop();
      await pg.stop();
    },
  };
}

/** A cluster on the stack's Postgres, on ports of its own. */
async function startCluster(
  adminUrl: string,
  dataDir: string,
  opts: LocalStackOptions,
): Promise<TemporalClusterHandle> {
  const config = loadConfig();
  const cacheDir = path.resolve(
    root,
    config.TEMPORAL_CLUSTER_CACHE ?? path.join(config.DATA_DIR, 'temporal-cluster'),
  );
  return startTemporalCluster({
    binaries: await ensureClusterBinaries(cacheDir, (l) => console.log(`[cluster] ${l}`)),
    postgres: await ensureTemporalRole(adminUrl, dataDir),
    ports: await freeClusterPorts(),
    historyShards: opts.historyShards ?? config.TEMPORAL_HISTORY_SHARDS,
    namespace: 'default',
    // Beside every test file's own database on the same server (200 connections at most).
    maxConns: { history: 10, visibility: 4 },
  });
}

/**
 * Ten distinct free ports for a cluster's services, so that parallel runs never collide. The
 * membership ports are kept in Postgres as smallint: they come from below the ephemeral range.
 */
async function freeClusterPorts(): Promise<ClusterPorts> {
  const ports = new Set<number>();
  while (ports.size < 6) ports.add(await freePort());
  while (ports.size < 10) ports.add(await freePortIn(20_000, 32_000));
  const [frontend, http, history, matching, worker, metrics, m1, m2, m3, m4] = [...ports] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { frontend, http, history, matching, worker, membership: [m1, m2, m3, m4], metrics };
}
