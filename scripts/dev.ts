// `npm run dev`: the whole platform on one laptop. Starts what is not configured (embedded
// Postgres, the Temporal dev server with its UI, a maildev inbox), loads demo data, then runs
// the worker, the api and the web app as their own processes. Ctrl-C stops everything.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../core/config.ts';
import { createDb } from '../db/connection.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateLatest } from '../db/migrate.ts';
import { registerSearchAttributes } from '../worker/search-attributes.ts';
import { ensureDevApiKey, loadDemoData } from './demo-data.ts';
import { startTemporalServer } from './temporal-server.ts';
import { ensureWebBuild, nextBin } from './web-build.ts';
import { ensureClusterBinaries } from './temporal-cluster-binaries.ts';
import { ensureTemporalRole, temporalPostgresOf } from './temporal-cluster-postgres.ts';
import {
  DEFAULT_CLUSTER_PORTS,
  startTemporalCluster,
  startTemporalUi,
} from './temporal-cluster.ts';
import { WORKER_NODE_FLAGS } from '../worker/node-flags.ts';

const config = loadConfig();
const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, config.DATA_DIR);
const stops: (() => Promise<void>)[] = [];
const say = (line: string) => console.log(`[herald] ${line}`);
// `npm run dev -- --cluster`: a real Temporal cluster on Postgres instead of the dev server.
const cluster = process.argv.includes('--cluster') || config.HERALD_TEMPORAL === 'cluster';
const workerCount = config.WORKER_PROCESSES ?? (cluster ? 2 : 1);
// `npm run dev:hot`: the web app under `next dev` (hot reload, pages compiled on first open)
// instead of its production build.
const hot = process.argv.includes('--hot');

/** Runs a child process, prefixing its output, and stops it on shutdown. */
function run(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (b: Buffer) =>
    b
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => `[${name}] ${l}`)
      .join('\n');
  child.stdout.on('data', (b: Buffer) => console.log(prefix(b)));
  child.stderr.on('data', (b: Buffer) => console.error(prefix(b)));
  child.once('exit', (code, signal) => {
    if (!shuttingDown) {
      say(`${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  stops.unshift(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  );
  return child;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let shuttingDown = false;
async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    say('stopping...');
    // Apps first (they hold connections), then the servers they talk to.
    for (const stop of [...stops]) await stop().catch((err: unknown) => console.error(err));
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  await mkdir(dataDir, { recursive: true });

  let databaseUrl = config.DATABASE_URL;
  let embeddedAdminUrl: string | undefined;
  if (!databaseUrl) {
    say(
      `starting embedded Postgres on port ${config.EMBEDDED_PG_PORT} (data in ${path.join(config.DATA_DIR, 'postgres')})`,
    );
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      database: 'herald',
    });
    stops.push(() => pg.stop());
    databaseUrl = pg.url;
    embeddedAdminUrl = pg.adminUrl;
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalMetricsUrl: string | undefined;
  if (!temporalAddress && cluster) {
    const cacheDir = path.resolve(
      root,
      config.TEMPORAL_CLUSTER_CACHE ?? path.join(config.DATA_DIR, 'temporal-cluster'),
    );
    const binaries = await ensureClusterBinaries(cacheDir, say);
    const postgres = embeddedAdminUrl
      ? await ensureTemporalRole(embeddedAdminUrl, dataDir)
      : temporalPostgresOf(databaseUrl);
    // The cluster logs every member's start-up chatter at error level: kept in a file instead.
    const clusterLog = createWriteStream(path.join(dataDir, 'temporal-cluster.log'), {
      flags: 'a',
    });
    say(
      `starting a Temporal cluster (${config.TEMPORAL_HISTORY_SHARDS} history shards, on Postgres at ${postgres.host}:${postgres.port}) on port ${config.TEMPORAL_PORT}, UI on ${config.TEMPORAL_UI_PORT}; log in ${path.join(config.DATA_DIR, 'temporal-cluster.log')}`,
    );
    const temporal = await startTemporalCluster({
      binaries,
      postgres,
      ports: {
        ...DEFAULT_CLUSTER_PORTS,
        frontend: config.TEMPORAL_PORT,
        metrics: config.TEMPORAL_METRICS_PORT,
      },
      historyShards: config.TEMPORAL_HISTORY_SHARDS,
      namespace: config.TEMPORAL_NAMESPACE,
      onLog: (l) => clusterLog.write(`${l}\n`),
    });
    stops.unshift(() => temporal.stop());
    const ui = startTemporalUi({
      binaries,
      temporalAddress: temporal.address,
      port: config.TEMPORAL_UI_PORT,
      onLog: (l) => clusterLog.write(`[ui] ${l}\n`),
    });
    stops.unshift(() => ui.stop());
    temporalAddress = temporal.address;
    temporalMetricsUrl = temporal.metricsUrl;
  } else if (!temporalAddress) {
    say(
      `starting the Temporal dev server on port ${config.TEMPORAL_PORT}, UI on ${config.TEMPORAL_UI_PORT}`,
    );
    const temporal = await startTemporalServer({
      cliPath: config.TEMPORAL_CLI_PATH,
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFile: path.join(dataDir, 'temporal.db'),
      onLog: (l) => console.error(`[temporal] ${l}`),
    });
    stops.unshift(() => temporal.stop());
    temporalAddress = temporal.address;
  }
  await registerSearchAttributes(temporalAddress, config.TEMPORAL_NAMESPACE);

  const localSmtp = ['localhost', '127.0.0.1'].includes(config.SMTP_HOST);
  if (localSmtp) {
    // maildev's package exports hide its bin script; find it beside the package entry.
    const maildev = path.join(
      path.dirname(fileURLToPath(import.meta.resolve('maildev'))),
      'bin',
      'maildev.js',
    );
    run(
      'inbox',
      process.execPath,
      [
        maildev,
        '--smtp',
        String(config.SMTP_PORT),
        '--web',
        String(config.INBOX_PORT),
        '--ip',
        '127.0.0.1',
        '--web-ip',
        '127.0.0.1',
        '--mail-directory',
        path.join(dataDir, 'mail'),
        '--silent',
      ],
      {},
    );
  }

  const db = createDb(databaseUrl);
  await migrateLatest(db);
  const apiKey = await ensureDevApiKey(db, dataDir);
  if (config.DEMO_DATA)
    await loadDemoData(db, {
      email: config.HERALD_ADMIN_EMAIL,
      password: config.HERALD_ADMIN_PASSWORD,
    });
  await db.destroy();

  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    API_URL: config.apiUrl,
    TEMPORAL_UI_URL: config.temporalUiUrl,
  };
  // Plain node with tsx's loader, no wrapper process: signals reach the program itself.
  for (let i = 1; i <= workerCount; i++)
    run(
      workerCount > 1 ? `worker-${i}` : 'worker',
      process.execPath,
      [...WORKER_NODE_FLAGS, '--import', 'tsx', 'worker/main.ts'],
      {
        ...env,
        // Each worker's metrics and its SDK's on ports of their own: 9465/9466, 9467/9468...
        WORKER_METRICS_PORT: String(
          config.WORKER_METRICS_PORT && config.WORKER_METRICS_PORT + 2 * (i - 1),
        ),
      },
    );
  run('api', process.execPath, ['--import', 'tsx', 'api/main.ts'], env);
  // The production build opens any page in well under a second; `next dev` compiles each page
  // on its first open (tens of seconds for the campaign editor). Built only when web/ changed.
  if (!hot && (await ensureWebBuild(say))) say('web app built');
  run(
    'web',
    process.execPath,
    [
      nextBin,
      hot ? 'dev' : 'start',
      'web',
      '--port',
      String(config.WEB_PORT),
      '--hostname',
      config.WEB_HOST,
    ],
    hot ? env : { ...env, NODE_ENV: 'production' },
  );

  await waitForHttp(`http://127.0.0.1:${config.API_PORT}/health`, 60_000);
  const webUrl = `http://localhost:${config.WEB_PORT}`;
  await waitForHttp(`${webUrl}/login`, 180_000);
  console.log(`
  Herald is running.

    Web app        ${webUrl}   (${hot ? 'next dev, hot reload' : 'production build; npm run dev:hot for hot reload'}; sign in as ${config.HERALD_ADMIN_EMAIL} / ${config.HERALD_ADMIN_PASSWORD})
    API            ${config.apiUrl}   (OpenAPI: ${config.apiUrl}/v1/openapi.json)
    Temporal UI    ${config.temporalUiUrl}${config.TEMPORAL_ADDRESS ? '' : `   (gRPC ${temporalAddress})`}
${temporalMetricsUrl ? `    Temporal       a cluster of ${config.TEMPORAL_HISTORY_SHARDS} history shards on Postgres; metrics ${temporalMetricsUrl}\n` : ''}    Workers        ${workerCount} process${workerCount > 1 ? 'es' : ''} on task queue ${config.TEMPORAL_TASK_QUEUE}
${config.API_METRICS_PORT && config.WORKER_METRICS_PORT ? `    Metrics        api http://127.0.0.1:${config.API_METRICS_PORT}/metrics; workers on ports ${Array.from({ length: workerCount }, (_, i) => config.WORKER_METRICS_PORT + 2 * i).join(', ')} (their SDK's on the port after each)\n` : ''}${localSmtp ? `    Inbox          http://localhost:${config.INBOX_PORT}   (SMTP ${config.SMTP_PORT})\n` : ''}
    Development API key: ${apiKey}   (also in ${path.join(config.DATA_DIR, 'dev-api-key')})

  Try:
    curl -X POST ${config.apiUrl}/v1/events -H "Authorization: Bearer ${apiKey}" -H "Content-Type: application/json" \\
      -d '{"type":"signed_up","externalId":"me-1","customer":{"email":"me@example.com","firstName":"Sam"}}'

  Ctrl-C stops everything; data stays in ${config.DATA_DIR}/.
`);
} catch (err) {
  console.error(`[herald] could not start: ${(err as Error).message}`);
  await shutdown(1);
}
