// Test harness: real Postgres (a fresh database cloned from the migrated template), a real
// Temporal dev server with a task queue of the test's own, a real SMTP server, and the real
// api on a loopback port. `npm test` (scripts/test.ts) provides the servers; on a cluster
// (`npm run test:cluster`) a worker process shares each test's task queue with its own worker.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createSmtpGateway } from '../../activities/channels/smtp.ts';
import { createApp } from '../../api/app.ts';
import type { ApiDeps } from '../../api/deps.ts';
import { loadConfig } from '../../core/config.ts';
import { createApiKey } from '../../db/auth.ts';
import { createDb, type Db } from '../../db/connection.ts';
import { createHeraldWorker } from '../../worker/create-worker.ts';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.ts';
import { TEMPLATE_DATABASE } from './stack.ts';
import { spawnWorker } from './worker-process.ts';

export interface Harness {
  db: Db;
  databaseUrl: string;
  temporal: Client;
  temporalAddress: string;
  workflowBundlePath: string | undefined;
  taskQueue: string;
  smtp: SmtpPeer;
  apiUrl: string;
  apiKey: string;
  /**
   * Starts an in-process worker on the harness's task queue; stopped by close(). On a cluster
   * (npm run test:cluster) the first call also starts a worker process beside it, so that the
   * test's work is shared by two processes, as production runs it.
   */
  startWorker(): Promise<Worker>;
  /** fetch against the api with the harness's API key. */
  api(
    path: string,
    init?: { method?: string; body?: unknown; key?: string | null },
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

// The SDK logs every worker state change at INFO; tests only want to hear about trouble.
Runtime.install({ logger: new DefaultLogger('WARN') });

export interface HarnessOptions {
  /** The migrated template database to clone (see stack.ts). */
  databaseUrl?: string;
  temporalAddress?: string;
  workflowBundlePath?: string;
  logLevel?: string;
  /** Settings of the api under test that differ from the configuration (e.g. lower rate limits). */
  config?: Partial<ApiDeps['config']>;
  /** False for a benchmark: the SMTP peer drains emails without parsing them. */
  parseMail?: boolean;
}

/** A harness on the servers named by the configuration, which `npm test` provides. */
export async function createHarness(opts?: HarnessOptions): Promise<Harness> {
  const config = loadConfig();
  const databaseUrl = opts?.databaseUrl ?? config.DATABASE_URL;
  const temporalAddress = opts?.temporalAddress ?? config.TEMPORAL_ADDRESS;
  const workflowBundlePath = opts?.workflowBundlePath ?? config.WORKFLOW_BUNDLE_PATH;
  if (!databaseUrl || !temporalAddress)
    throw new Error('Run tests with `npm test`: it starts Postgres and Temporal.');
  const log = pino({ level: opts?.logLevel ?? config.LOG_LEVEL });

  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  // Cloning needs nobody connected to the template, so the clone is asked for from "postgres".
  const withDatabase = (db: string) => databaseUrl.replace(/\/[^/]+$/, `/${db}`);
  const admin = createDb(withDatabase('postgres'), { max: 1 });
  await admin.raw(`create database ${name} template ${TEMPLATE_DATABASE}`);
  await admin.destroy();
  const ownDatabaseUrl = withDatabase(name);
  const db = createDb(ownDatabaseUrl);

  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const taskQueue = `test-${randomUUID()}`;
  const smtp = await startSmtpPeer({ parse: opts?.parseMail ?? true });
  const deps: ApiDeps = {
    db,
    temporal,
    log,
    // The api mails invites to the test's own SMTP server.
    config: {
      ...config,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: smtp.port,
      ...opts?.config,
    },
  };
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { key: apiKey } = await createApiKey(db, 'tests');

  const workers: { worker: Worker; running: Promise<void>; close: () => Promise<void> }[] = [];
  const processes: ChildProcess[] = [];
  const email = createSmtpGateway({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    from: 'Herald Tests <tests@herald.local>',
  });

  return {
    db,
    databaseUrl: ownDatabaseUrl,
    temporal,
    temporalAddress,
    workflowBundlePath,
    taskQueue,
    smtp,
    apiUrl,
    apiKey,
    async startWorker() {
      const { worker, connection: wc } = await createHeraldWorker({
        address: temporalAddress,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue,
        db,
        email,
        log,
        workflowBundlePath,
        tracking: { baseUrl: apiUrl, secret: config.HERALD_SECRET },
      });
      workers.push({ worker, running: worker.run(), close: () => wc.close() });
      if (config.HERALD_TEMPORAL === 'cluster' && processes.length === 0)
        processes.push(
          await spawnWorker({
            databaseUrl: ownDatabaseUrl,
            temporalAddress,
            taskQueue,
            smtp,
            workflowBundlePath,
            apiUrl,
          }),
        );
      return worker;
    },
    async api(path, init = {}) {
      const key = init.key === undefined ? apiKey : init.key;
      const res = await fetch(`${apiUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body:
          init.body === undefined
            ? undefined
            : typeof init.body === 'string'
              ? init.body
              : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await Promise.all(
        processes.map(
          (p) =>
            new Promise((resolve) => {
              if (p.exitCode !== null || p.signalCode !== null) return resolve(undefined);
              p.once('exit', resolve);
              p.kill('SIGTERM');
              setTimeout(() => p.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
      for (const w of workers) {
        if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
        await w.running;
        await w.close();
      }
      email.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await smtp.stop();
      await connection.close();
      await db.destroy();
    },
  };
}

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
