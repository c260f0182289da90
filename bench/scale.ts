// How Herald scales with the engine: on the dev server and on a real Temporal cluster of 1, 4 and
// 16 history shards, with 1 and 2 worker processes, N new customers post an event that starts the
// Welcome journey's path (send an email, exit: the engine sends as a local activity and finishes
// with the send), 16 posts at a time, to an SMTP sink. The api runs in a process of its own, as in
// production. Beside each run, on the same server with as many bare workers, N bare workflows with
// one no-op activity, each started by a post (16 at a time) to a bare api process that does
// nothing but start it: the engine's ceiling here through the same hop, so that the ratio weighs
// only what Herald's api does with an event (resolve the customer, store the event and the entry)
// and what its worker does with the journey. Herald's journeys and the bare ones run in three
// parts each, in turns (Herald first, then bare first, ...), so that both meet the same changes
// of the machine's load; the figures are over the parts' times. Prints journeys started and
// finished a second, event-to-first-step p50 and p99 (the email's message claimed, as the bare
// workflow's first step is its activity running), Herald as a ratio of the ceiling (the goal:
// 0.8 or more), and the one-minute load average around the run.
// Usage: node --import tsx bench/scale.ts [journeys=400] [servers=dev,1,4,16] [workers=1,2]
import os from 'node:os';
import path from 'node:path';
import pMap from 'p-map';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';
import { type ApiProcess, spawnApi } from './api-process.ts';
import { startBare } from './bare/run.ts';
import { startRecipientSink } from './recipient-sink.ts';

const N = Number(process.argv[2] ?? 400);
const SERVERS = (process.argv[3] ?? 'dev,1,4,16').split(',');
const WORKERS = (process.argv[4] ?? '1,2').split(',').map(Number);
const CONCURRENCY = 16;
/** Herald's and the bare journeys each run in this many parts, in turns. */
const ROUNDS = 3;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// Where the journeys' emails go: counted, bodies discarded.
const sink = await startRecipientSink();

/** One part of a run: how long its starts and its closes took, and each first step. */
interface Part {
  n: number;
  startMs: number;
  finishMs: number;
  firstSteps: number[];
}

/** Parts summed: started and finished a second over their times, first step p50 and p99. */
function figures(parts: Part[]) {
  const sum = (k: 'n' | 'startMs' | 'finishMs') => parts.reduce((t, p) => t + p[k], 0);
  const steps = parts.flatMap((p) => p.firstSteps).sort((a, b) => a - b);
  return {
    started: (sum('n') * 1000) / sum('startMs'),
    finished: (sum('n') * 1000) / sum('finishMs'),
    p50: pct(steps, 50),
    p99: pct(steps, 99),
  };
}

/** N Welcome journeys through the api: started/s (answers), finished/s, first step. */
async function heraldRun(h: Harness, api: ApiProcess, run: string, n: number): Promise<Part> {
  const eventType = `scale_${run}`;
  const graph = welcomeGraph(await createTemplate(h, welcomeTemplate));
  const campaignId = await publishCampaign(h, `Scale ${run}`, {
    ...graph,
    nodes: graph.nodes.map((node) => (node.kind === 'trigger' ? { ...node, eventType } : node)),
  });
  const posted = new Map<string, number>();
  const t0 = Date.now();
  await pMap(
    Array.from({ length: n }, (_, i) => `${run}-${i}`),
    async (externalId) => {
      const at = Date.now();
      const res = await fetch(`${api.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.apiKey}` },
        body: JSON.stringify({
          type: eventType,
          externalId,
          customer: { email: `${externalId}@scale.local`, firstName: 'Scale' },
        }),
      });
      const body = (await res.json()) as { customerId: string };
      if (res.status !== 202) throw new Error(JSON.stringify(body).slice(0, 300));
      posted.set(body.customerId, at);
    },
    { concurrency: CONCURRENCY },
  );
  const startedAt = Date.now();
  // Each journey's entry closed and its email's message claimed (the first step).
  const rows = await eventually(async () => {
    const r = await h
      .db('campaign_entries as e')
      .join('messages as m', function () {
        this.on('m.campaign_id', 'e.campaign_id').andOn('m.customer_id', 'e.customer_id');
      })
      .where({ 'e.campaign_id': campaignId, 'e.status': 'completed' })
      .select<{ customer_id: string; claimed: Date; finished: Date }[]>(
        'e.customer_id',
        'm.created_at as claimed',
        'e.finished_at as finished',
      );
    return r.length === n ? r : undefined;
  }, 1_800_000);
  const latency = rows.map((r) => r.claimed.getTime() - posted.get(r.customer_id)!);
  const lastFinished = Math.max(...rows.map((r) => r.finished.getTime()));
  return { n, startMs: startedAt - t0, finishMs: lastFinished - t0, firstSteps: latency };
}

const rows: string[] = [];
const ratio = (a: number, b: number) => (a / b).toFixed(2);
for (const server of SERVERS) {
  const cluster = server !== 'dev';
  const stack = await startLocalStack(
    path.resolve(import.meta.dirname, '..', '.data', `bench-scale-${server}`),
    cluster ? { temporal: 'cluster', historyShards: Number(server) } : { temporalDbFile: true },
  );
  const h = await createHarness({ ...stack, logLevel: 'warn' });
  for (const workers of WORKERS) {
    const label = cluster ? `cluster, ${server} shard(s)` : 'dev server';
    const procs = await Promise.all(
      Array.from({ length: workers }, () => spawnWorker(h, { smtpPort: sink.port })),
    );
    // The api in a process of its own, as production runs it (and as the bare api runs).
    const api = await spawnApi(h);
    const bare = await startBare(h, workers, { api: true });
    const warm = Math.min(N, 100); // connections, caches, JIT
    await heraldRun(h, api, `warm-${server}-${workers}`, warm);
    await bare.run({ count: warm, concurrency: CONCURRENCY });
    // Herald and bare in turns, each round in the other order, so that both meet the same
    // changes of the machine's load (other work on it comes and goes within minutes).
    const loadBefore = os.loadavg()[0]!; // one-minute load average: other work on the machine
    const heraldParts: Part[] = [];
    const bareParts: Part[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const n = Math.ceil(N / ROUNDS);
      const runHerald = async () =>
        heraldParts.push(await heraldRun(h, api, `s${server}-w${workers}-${round}`, n));
      const runBare = async () => {
        const b = await bare.run({ count: n, concurrency: CONCURRENCY });
        const ms = (perSecond: number) => (n * 1000) / perSecond;
        bareParts.push({
          n,
          startMs: ms(b.startCallsPerSecond),
          finishMs: ms(b.completedPerSecond),
          firstSteps: b.firstStep,
        });
      };
      for (const part of round % 2 === 0 ? [runHerald, runBare] : [runBare, runHerald])
        await part();
    }
    await api.stop();
    await bare.stop();
    for (const p of procs) p.kill('SIGINT');
    await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
    const herald = figures(heraldParts);
    const b = figures(bareParts);
    rows.push(
      `${label.padEnd(20)} ${String(workers).padStart(2)} worker(s) | ` +
        `Herald started ${herald.started.toFixed(1)}/s, finished ${herald.finished.toFixed(1)}/s, ` +
        `first step p50 ${herald.p50} ms p99 ${herald.p99} ms | ` +
        `bare started ${b.started.toFixed(1)}/s, finished ${b.finished.toFixed(1)}/s, ` +
        `first step p50 ${b.p50} ms p99 ${b.p99} ms | ` +
        `ratio started ${ratio(herald.started, b.started)}, finished ${ratio(herald.finished, b.finished)} | ` +
        `load ${loadBefore.toFixed(1)} to ${os.loadavg()[0]!.toFixed(1)}`,
    );
    console.log(rows.at(-1));
  }
  await h.close();
  await stack.stop();
}
console.log(
  `\nScale: ${N} Welcome journeys per run (send an email, exit), ${CONCURRENCY} posts (or bare starts) at a time\n${rows.join('\n')}`,
);
await sink.close();
process.exit(0);
