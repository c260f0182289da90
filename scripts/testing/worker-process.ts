// Runs worker/main.ts as its own process, as ops would, against a harness's database, task
// queue and SMTP server; or another worker script (the benchmarks' bare baseline) on a task
// queue of its own. Resolves once the worker polls.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { WORKER_NODE_FLAGS } from '../../worker/node-flags.ts';

/** What a worker process works for: a harness's database, task queue, SMTP peer and api. */
export interface WorkerTarget {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  smtp: { port: number };
  workflowBundlePath: string | undefined;
  apiUrl: string;
}

const root = path.resolve(import.meta.dirname, '../..');

export async function spawnWorker(
  h: WorkerTarget,
  opts: { script?: string; taskQueue?: string; nodeFlags?: string[]; smtpPort?: number } = {},
): Promise<ChildProcess> {
  // The flags production workers run with, the bare baselines' workers too (same runtime).
  const args = [
    ...WORKER_NODE_FLAGS,
    ...(opts.nodeFlags ?? []),
    '--import',
    'tsx',
    opts.script ?? 'worker/main.ts',
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      DATABASE_URL: h.databaseUrl,
      TEMPORAL_ADDRESS: h.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue ?? h.taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(opts.smtpPort ?? h.smtp.port),
      WORKFLOW_BUNDLE_PATH: h.workflowBundlePath ?? '',
      TRACKING_URL: h.apiUrl,
      // Benchmarks' and tests' HTTP peers listen on loopback, refused by default (core/egress.ts).
      EGRESS_ALLOW: '127.0.0.0/8, ::1',
      // Several workers run at once here: none takes the fixed metrics ports.
      WORKER_METRICS_PORT: '0',
    },
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('worker running')) {
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining its logs
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`worker exited with ${code}: ${out}`));
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
  return child;
}
