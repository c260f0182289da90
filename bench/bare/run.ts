// Runs the bare baseline beside a benchmark: a worker of its own (bench/bare/worker.ts, its own
// process and task queue) on the benchmark's Temporal server, and clients that start bare
// workflows the way the benchmark posts events. Its figures are the engine's ceiling here.
import type { ChildProcess } from 'node:child_process';
import pMap from 'p-map';
import type { Harness } from '../../scripts/testing/harness.ts';
import { spawnWorker } from '../../scripts/testing/worker-process.ts';
import { type ApiProcess, spawnApi } from '../api-process.ts';
import type { bareWorkflow } from './workflow.ts';

export interface BareRun {
  /** Milliseconds from each start call to its activity running (after its timer, if any). */
  firstStep: number[];
  /** Workflows whose activity ran, a second, from the first start call to the last activity. */
  startedPerSecond: number;
  /** Workflows closed a second, from the first start call to the last close. */
  completedPerSecond: number;
  /** Start calls answered a second: how fast the server takes new workflows. */
  startCallsPerSecond: number;
}

export interface Bare {
  /**
   * `whileWaiting` runs once every start call has been answered, while the workflows sleep:
   * where a benchmark measures what holding them costs.
   */
  run(opts: {
    count: number;
    concurrency: number;
    sleepMs?: number;
    whileWaiting?: () => Promise<void>;
    /** Each start waits for the previous workflow to close: the latency of an idle server. */
    oneByOne?: boolean;
  }): Promise<BareRun>;
  stop(): Promise<void>;
  /** The bare worker's process id, for its memory. */
  pid: number | undefined;
}

/**
 * `workers`: bare worker processes on the baseline's task queue (as many as Herald's). `api`:
 * the starts go as posts through an api process of their own (bench/bare/api.ts), for a
 * benchmark whose Herald api runs in its own process too (bench/api-process.ts); otherwise this
 * process's client starts them.
 */
export async function startBare(
  h: Harness,
  workers = 1,
  opts: { api?: boolean } = {},
): Promise<Bare> {
  const taskQueue = `${h.taskQueue}-bare`;
  const processes: ChildProcess[] = [];
  for (let i = 0; i < workers; i++)
    processes.push(await spawnWorker(h, { script: 'bench/bare/worker.ts', taskQueue }));
  const worker = processes[0]!;
  const api: ApiProcess | undefined = opts.api
    ? await spawnApi(h, { script: 'bench/bare/api.ts', taskQueue })
    : undefined;
  const start = async (workflowId: string, sleepMs: number) => {
    if (!api) {
      await h.temporal.workflow.start<typeof bareWorkflow>('bareWorkflow', {
        taskQueue,
        workflowId,
        args: [sleepMs],
      });
      return;
    }
    const res = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workflowId, sleepMs }),
    });
    if (res.status !== 202) throw new Error(`bare api: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  let runs = 0;
  return {
    pid: worker.pid,
    async run({ count, concurrency, sleepMs = 0, whileWaiting, oneByOne = false }) {
      const prefix = `bare-${++runs}`;
      const startedAt = new Map<string, number>();
      const t0 = Date.now();
      await pMap(
        Array.from({ length: count }, (_, i) => `${prefix}-${i}`),
        async (workflowId) => {
          startedAt.set(workflowId, Date.now());
          await start(workflowId, sleepMs);
          if (oneByOne) await h.temporal.workflow.getHandle(workflowId).result();
        },
        { concurrency },
      );
      const startCallsPerSecond = (count * 1000) / (Date.now() - t0);
      await whileWaiting?.();
      const done = await pMap(
        [...startedAt],
        async ([workflowId, at]) => {
          const handle = h.temporal.workflow.getHandle<typeof bareWorkflow>(workflowId);
          const ranAt = await handle.result();
          const closedAt = (await handle.describe()).closeTime?.getTime() ?? Date.now();
          return { firstStep: ranAt - at - sleepMs, ranAt, closedAt };
        },
        { concurrency: 64 },
      );
      const last = (key: 'ranAt' | 'closedAt') => Math.max(...done.map((d) => d[key]));
      return {
        firstStep: done.map((d) => d.firstStep).sort((a, b) => a - b),
        startedPerSecond: (count * 1000) / (last('ranAt') - t0),
        completedPerSecond: (count * 1000) / (last('closedAt') - t0),
        startCallsPerSecond,
      };
    },
    async stop() {
      await api?.stop();
      for (const p of processes) {
        p.kill('SIGINT');
        await new Promise((r) => p.once('exit', r));
      }
    },
  };
}
