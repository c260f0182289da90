// Journey engine benchmark: enters N customers into a campaign "wait D seconds, then call an
// HTTP endpoint" and prints journeys started per second, how many journeys the dev server held
// waiting at once (with the memory it took), and how late the delays fired (p50, p99): the time
// from when each delay should have ended to when its HTTP call arrived.
// Usage: npm run bench:journeys -- [journeys=3000] [delaySeconds=120]
// Runs on its own embedded Postgres and Temporal dev server (SQLite file, WAL), the api in this
// process and the worker in another, all on one machine. Beside it, the bare baseline
// (bench/bare/): N bare workflows that sleep D seconds and run one activity, started 16 at a
// time on the same server by a worker of their own with the same tuning; the ratios compare
// Herald with it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pMap from 'p-map';
import { createHarness, eventually } from '../scripts/testing/harness.ts';
import { publishCampaign } from '../scripts/testing/fixtures.ts';
import { startArrivalHook } from './arrival-hook.ts';
import { startBare } from './bare/run.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';

const N = Number(process.argv[2] ?? 3000);
const DELAY_S = Number(process.argv[3] ?? 120);
const BATCH = 100;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Resident memory of a process, in MB (from ps). */
const rssMb = (pid: number | string) =>
  Number(
    execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
      .toString()
      .trim(),
  ) / 1024;
const temporalPid = (port: string) =>
  execFileSync('pgrep', ['-f', `temporal server start-dev.*--port ${port}`])
    .toString()
    .trim();

// The endpoint the journeys call when their delay ends; arrival times by customer.
const hook = await startArrivalHook();
const woke = hook.arrived;
const hookUrl = hook.url;

const stack = await startLocalStack(
  path.resolve(import.meta.dirname, '..', '.data', 'bench-journeys'),
  { temporalDbFile: true },
);
const h = await createHarness({ ...stack, logLevel: 'warn' });
const worker = await spawnWorker(h);
const campaignId = await publishCampaign(h, 'Bench wait', {
  nodes: [
    { id: 'in', kind: 'trigger', eventType: 'bench_enter' },
    { id: 'hold', kind: 'delay', duration: { amount: DELAY_S, unit: 'seconds' } },
    { id: 'ping', kind: 'httpCall', method: 'GET', url: `${hookUrl}?customer={{ customer.id }}` },
    { id: 'out', kind: 'exit' },
  ],
  edges: [
    { from: 'in', to: 'hold' },
    { from: 'hold', to: 'ping' },
    { from: 'ping', to: 'out', exit: 'success' },
    { from: 'ping', to: 'out', exit: 'failure' },
  ],
  reentry: { kind: 'notWhileRunning' },
});

// Enter everyone through the batch API, as fast as the api takes them.
const ids = Array.from({ length: N }, (_, i) => `jb-${i}`);
const batches = Array.from({ length: Math.ceil(N / BATCH) }, (_, b) =>
  ids.slice(b * BATCH, (b + 1) * BATCH),
);
const t0 = Date.now();
await pMap(
  batches,
  async (batch) => {
    const res = await h.api('/v1/events', {
      body: { events: batch.map((externalId) => ({ type: 'bench_enter', externalId })) },
    });
    if (res.status !== 202) throw new Error(JSON.stringify(res.body).slice(0, 500));
  },
  { concurrency: 2 },
);
const started = await eventually(async () => {
  const rows = await h
    .db('campaign_entries')
    .where({ campaign_id: campaignId })
    .whereNotNull('started_at')
    .select<{ customer_id: string; started_at: Date }[]>('customer_id', 'started_at');
  return rows.length === N ? rows : undefined;
}, 1_800_000);
const lastStart = Math.max(...started.map((r) => r.started_at.getTime()));
const startRate = (N * 1000) / (lastStart - t0);

// While they all wait: how many are open at once, and what holding them costs.
const open = await h
  .db('campaign_entries')
  .where({ campaign_id: campaignId, status: 'running' })
  .count<{ count: string }[]>('* as count');
const heldAtOnce = Number(open[0]!.count);
const temporalRss = rssMb(temporalPid(stack.temporalAddress.split(':').pop()!));
const workerRss = rssMb(worker.pid!);

await eventually(
  () => Promise.resolve(woke.size === N ? true : undefined),
  DELAY_S * 1000 + 1_800_000,
);
const late = started
  .map((r) => woke.get(r.customer_id)! - (r.started_at.getTime() + DELAY_S * 1000))
  .sort((a, b) => a - b);

// The bare baseline: the same number of timers held on the same server, and how late they fire.
const bare = await startBare(h);
let bareTemporalRss = 0;
let bareWorkerRss = 0;
const bareRun = await bare.run({
  count: N,
  concurrency: 16,
  sleepMs: DELAY_S * 1000,
  whileWaiting: () => {
    bareTemporalRss = rssMb(temporalPid(stack.temporalAddress.split(':').pop()!));
    bareWorkerRss = rssMb(bare.pid!);
    return Promise.resolve();
  },
});
await bare.stop();
const bareLate = bareRun.firstStep;

console.log(`
Herald journeys: ${N} customers enter "wait ${DELAY_S} s, then call an HTTP endpoint"
  journeys started     ${startRate.toFixed(0)}/s (first POST to last journey running)
  held waiting at once ${heldAtOnce} journeys; Temporal dev server ${temporalRss.toFixed(0)} MB, worker ${workerRss.toFixed(0)} MB resident
  delay lateness       p50 ${pct(late, 50).toFixed(0)} ms, p99 ${pct(late, 99).toFixed(0)} ms, max ${late.at(-1)!.toFixed(0)} ms
                       (from when the delay should end to when its HTTP call arrived)
Bare workflows: ${N} start, sleep ${DELAY_S} s, run one activity (16 start calls at a time)
  started              ${bareRun.startCallsPerSecond.toFixed(0)}/s; Herald ${(startRate / bareRun.startCallsPerSecond).toFixed(2)}x bare
  while they wait      Temporal dev server ${bareTemporalRss.toFixed(0)} MB, bare worker ${bareWorkerRss.toFixed(0)} MB resident
  timer lateness       p50 ${pct(bareLate, 50).toFixed(0)} ms, p99 ${pct(bareLate, 99).toFixed(0)} ms, max ${bareLate.at(-1)!.toFixed(0)} ms
`);
worker.kill('SIGINT');
await new Promise((r) => worker.once('exit', r));
hook.close();
await h.close();
await stack.stop();
process.exit(0);
