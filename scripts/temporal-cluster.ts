// A real Temporal cluster on Postgres, as production runs it, started by the launcher's cluster
// mode, the cluster test mode and the benchmarks: its databases migrated by
// deploy/temporal/setup-schema.sh, the server started on deploy/temporal/server.yaml, the Web UI
// on deploy/temporal-ui/. docker-compose.yml and the Helm chart use the same files and variables.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { ensureNamespace } from '../worker/namespace.ts';
import type { ClusterBinaries } from './temporal-cluster-binaries.ts';
import { waitForTemporal } from './temporal-server.ts';

const root = path.resolve(import.meta.dirname, '..');
const deployDir = path.join(root, 'deploy');

/** Where Temporal's two databases live: a Postgres server and a role that may create databases. */
export interface TemporalPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Every port the server listens on; the frontend's is the one clients use. */
export interface ClusterPorts {
  frontend: number;
  http: number;
  history: number;
  matching: number;
  worker: number;
  /** Ringpop's membership ports, one per service. */
  membership: [number, number, number, number];
  /** Prometheus scrape endpoint of the server; 0: none. */
  metrics: number;
}

/** Temporal's defaults (its development configs use them): what the launcher listens on. */
export const DEFAULT_CLUSTER_PORTS: ClusterPorts = {
  frontend: 7233,
  http: 7243,
  history: 7234,
  matching: 7235,
  worker: 7239,
  membership: [6933, 6934, 6935, 6939],
  metrics: 8000,
};

export interface TemporalClusterOptions {
  binaries: ClusterBinaries;
  postgres: TemporalPostgres;
  ports: ClusterPorts;
  historyShards: number;
  namespace: string;
  /** Connections per service to the history and visibility databases (Temporal's: 20 and 10). */
  maxConns?: { history: number; visibility: number };
  onLog?: (line: string) => void;
}

export interface TemporalClusterHandle {
  address: string;
  metricsUrl: string | undefined;
  process(): ChildProcess;
  /** Starts the server again after stop() or kill() (same databases, same ports). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Kills the server without warning (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

/** The variables of deploy/temporal/server.yaml and setup-schema.sh. */
export function clusterEnv(opts: TemporalClusterOptions): Record<string, string> {
  const { ports, postgres } = opts;
  return {
    POSTGRES_SEEDS: postgres.host,
    DB_PORT: String(postgres.port),
    POSTGRES_USER: postgres.user,
    POSTGRES_PWD: postgres.password,
    NUM_HISTORY_SHARDS: String(opts.historyShards),
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.http),
    HISTORY_GRPC_PORT: String(ports.history),
    MATCHING_GRPC_PORT: String(ports.matching),
    WORKER_GRPC_PORT: String(ports.worker),
    FRONTEND_MEMBERSHIP_PORT: String(ports.membership[0]),
    HISTORY_MEMBERSHIP_PORT: String(ports.membership[1]),
    MATCHING_MEMBERSHIP_PORT: String(ports.membership[2]),
    WORKER_MEMBERSHIP_PORT: String(ports.membership[3]),
    ...(ports.metrics > 0 && { PROMETHEUS_ENDPOINT: `127.0.0.1:${ports.metrics}` }),
    ...(opts.maxConns && {
      SQL_MAX_CONNS: String(opts.maxConns.history),
      SQL_VIS_MAX_CONNS: String(opts.maxConns.visibility),
    }),
    DYNAMIC_CONFIG_FILE_PATH: path.join(deployDir, 'temporal', 'dynamicconfig.yaml'),
    LOG_LEVEL: 'warn',
  };
}

/** Creates and migrates Temporal's databases (idempotent), as compose's setup job does. */
export function setupTemporalSchema(opts: TemporalClusterOptions): void {
  execFileSync('sh', [path.join(deployDir, 'temporal', 'setup-schema.sh')], {
    env: { ...process.env, ...clusterEnv(opts), SQL_TOOL: opts.binaries.sqlTool },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Migrates the databases, starts the server and waits until the namespace answers. */
export async function startTemporalCluster(
  opts: TemporalClusterOptions,
): Promise<TemporalClusterHandle> {
  setupTemporalSchema(opts);
  const address = `127.0.0.1:${opts.ports.frontend}`;
  const log = opts.onLog ?? (() => undefined);
  let child: ChildProcess | undefined;

  const start = async () => {
    // The script execs the server: this child is the server itself, and kill() kills it.
    const c = spawn('sh', [path.join(deployDir, 'temporal', 'start-server.sh')], {
      env: {
        ...process.env,
        ...clusterEnv(opts),
        BIND_ON_IP: '127.0.0.1',
        TEMPORAL_SERVER: opts.binaries.server,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    // The last lines it wrote, for the error when it does not come up.
    let tail = '';
    const onOutput = (b: Buffer) => {
      log(b.toString().trim());
      tail = (tail + b.toString()).slice(-2_000);
    };
    c.stdout.on('data', onOutput);
    c.stderr.on('data', onOutput);
    const exited = new Promise<never>((_, reject) =>
      c.once('exit', (code) =>
        reject(new Error(`temporal-server exited early (code ${code}):\n${tail}`)),
      ),
    );
    await Promise.race([
      waitForTemporal(address, 120_000, (conn) => conn.workflowService.getSystemInfo({})),
      exited,
    ]);
    await Promise.race([ensureNamespace(address, opts.namespace), exited]);
  };
  const stopWith = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill(signal);
      setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
    });

  await start();
  return {
    address,
    metricsUrl:
      opts.ports.metrics > 0 ? `http://127.0.0.1:${opts.ports.metrics}/metrics` : undefined,
    process: () => child!,
    start,
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
  };
}

/**
 * The UI server's arguments after `--root <the folder holding temporal-ui/>`: the same in
 * docker-compose.yml and the Helm chart, where that folder is the image's /etc/herald.
 */
export const TEMPORAL_UI_ARGS = ['--config', 'temporal-ui', '--env', 'docker', 'start'];

/** The Web UI server in front of the cluster, on deploy/temporal-ui/docker.yaml. */
export function startTemporalUi(opts: {
  binaries: ClusterBinaries;
  temporalAddress: string;
  port: number;
  onLog?: (line: string) => void;
}): { process: ChildProcess; stop(): Promise<void> } {
  const child = spawn(opts.binaries.uiServer, ['--root', deployDir, ...TEMPORAL_UI_ARGS], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_UI_PORT: String(opts.port),
      TEMPORAL_CORS_ORIGINS: `http://localhost:${opts.port},http://127.0.0.1:${opts.port}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = opts.onLog ?? (() => undefined);
  child.stdout.on('data', (b: Buffer) => log(b.toString().trim()));
  child.stderr.on('data', (b: Buffer) => log(b.toString().trim()));
  return {
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
