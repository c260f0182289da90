// Runs an api as its own process, as ops would (api/main.ts), or the bare baseline's api
// (bench/bare/api.ts), against a harness's database, Temporal server and task queue. A benchmark
// that posts to it measures what production's api process does, on a core the benchmark's own
// client and SMTP sink do not hold; the bare api beside it takes the same posts through the same
// kind of process, so the two differ only in what Herald does with an event.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../scripts/free-port.ts';
import type { WorkerTarget } from '../scripts/testing/worker-process.ts';

export interface ApiProcess {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..');

export async function spawnApi(
  h: Omit<WorkerTarget, 'smtp' | 'apiUrl'>,
  opts: { script?: string; taskQueue?: string; nodeFlags?: string[] } = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const args = [...(opts.nodeFlags ?? []), '--import', 'tsx', opts.script ?? 'api/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      // Each request is logged at info: the benchmark wants the api, not its log.
      LOG_LEVEL: 'warn',
      DATABASE_URL: h.databaseUrl,
      TEMPORAL_ADDRESS: h.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue ?? h.taskQueue,
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      API_METRICS_PORT: '0',
    },
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${opts.script ?? 'api'} exited with ${code}`))),
  );
  exited.catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers at all (its /health may say 503 while a dependency warms up).
  const answers = async () => {
    for (;;) {
      const ok = await fetch(`${url}/health`).then(
        () => true,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await Promise.race([answers(), exited]);
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await gone;
    },
  };
}
