// Event ingestion benchmark: posts N signed_up events (each for a new customer, each starting a
// Welcome journey that emails through a local SMTP server) and prints events/s accepted and the
// time from POST to journey started (p50, p99). Then the same through the batch API.
// Usage: npm run bench -- [events=500] [concurrency=16]
// Runs on its own embedded Postgres and Temporal dev server (SQLite file, WAL), the api in this
// process and the worker in another: one laptop-sized machine doing everything at once.
import path from 'node:path';
import pMap from 'p-map';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';

const N = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const BATCH = 100;
const IDLE = 50;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

/**
 * Milliseconds from each POST to its journey's first activity (from the entries table), and
 * how many journeys a second the worker started from the first POST to the last start.
 */
async function startLatencies(
  h: Harness,
  campaignId: string,
  postedAt: Map<string, number>,
): Promise<{ sorted: number[]; perSecond: number }> {
  const rows = await eventually(async () => {
    const r = await h
      .db('campaign_entries as e')
      .join('customers as c', 'c.id', 'e.customer_id')
      .where('e.campaign_id', campaignId)
      .whereIn('c.external_id', [...postedAt.keys()])
      .whereNotNull('e.started_at')
      .select<{ external_id: string; started_at: Date }[]>('c.external_id', 'e.started_at');
    return r.length === postedAt.size ? r : undefined;
  }, 300_000);
  const sorted = rows
    .map((r) => r.started_at.getTime() - postedAt.get(r.external_id)!)
    .sort((a, b) => a - b);
  const first = Math.min(...postedAt.values());
  const last = Math.max(...rows.map((r) => r.started_at.getTime()));
  return { sorted, perSecond: (rows.length * 1000) / (last - first) };
}

async function single(
  h: Harness,
  campaignId: string,
  prefix: string,
  count: number,
  concurrency: number,
) {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const postedAt = new Map<string, number>();
  const postMs: number[] = [];
  const t0 = performance.now();
  await pMap(
    ids,
    async (id) => {
      postedAt.set(id, Date.now());
      const start = performance.now();
      const res = await h.api('/v1/events', {
        body: {
          type: 'signed_up',
          externalId: id,
          customer: { email: `${id}@bench.local`, firstName: 'Bench' },
        },
      });
      if (res.status !== 202) throw new Error(JSON.stringify(res.body));
      postMs.push(performance.now() - start);
    },
    { concurrency },
  );
  const seconds = (performance.now() - t0) / 1000;
  const started = await startLatencies(h, campaignId, postedAt);
  postMs.sort((a, b) => a - b);
  return {
    rate: count / seconds,
    postP50: pct(postMs, 50),
    postP99: pct(postMs, 99),
    startP50: pct(started.sorted, 50),
    startP99: pct(started.sorted, 99),
    journeysPerSecond: started.perSecond,
  };
}

async function batched(h: Harness, campaignId: string) {
  const ids = Array.from({ length: N }, (_, i) => `batch-${i}`);
  const batches = Array.from({ length: Math.ceil(N / BATCH) }, (_, b) =>
    ids.slice(b * BATCH, (b + 1) * BATCH),
  );
  const postedAt = new Map<string, number>();
  const t0 = performance.now();
  await pMap(
    batches,
    async (batch) => {
      const now = Date.now();
      for (const id of batch) postedAt.set(id, now);
      const res = await h.api('/v1/events', {
        body: {
          events: batch.map((id) => ({
            type: 'signed_up',
            externalId: id,
            customer: { email: `${id}@bench.local` },
          })),
        },
      });
      if (res.status !== 202) throw new Error(JSON.stringify(res.body).slice(0, 500));
    },
    { concurrency: Math.max(1, Math.floor(CONCURRENCY / 8)) },
  );
  const seconds = (performance.now() - t0) / 1000;
  const started = await startLatencies(h, campaignId, postedAt);
  return {
    rate: N / seconds,
    startP50: pct(started.sorted, 50),
    startP99: pct(started.sorted, 99),
    journeysPerSecond: started.perSecond,
  };
}

const stack = await startLocalStack(path.resolve(import.meta.dirname, '..', '.data', 'bench'), {
  temporalDbFile: true,
});
const h = await createHarness({ ...stack, logLevel: 'warn' });
// The worker in its own process, as in production: the api and the worker do not share a core.
const worker = await spawnWorker(h);
const campaignId = await publishCampaign(
  h,
  'Welcome',
  welcomeGraph(await createTemplate(h, welcomeTemplate)),
);
// Warm up connections, the template cache and the workflow cache.
await h.api('/v1/events', {
  body: { type: 'signed_up', externalId: 'warmup', customer: { email: 'w@bench.local' } },
});

// One client posting one event at a time: the latency of an idle system.
const idle = await single(h, campaignId, 'idle', IDLE, 1);
const s = await single(h, campaignId, 'single', N, CONCURRENCY);
const b = await batched(h, campaignId);
const total = IDLE + 2 * N + 1;
await h.smtp.waitFor((m) => m.subject?.startsWith('Welcome') ?? false, {
  count: total,
  timeoutMs: 600_000,
});

console.log(`
Herald event ingestion: signed_up events, each starting a journey that sends a welcome email
  one at a time (${IDLE})  POST p50 ${fmt(idle.postP50)}, p99 ${fmt(idle.postP99)}
                       POST to journey started: p50 ${fmt(idle.startP50)}, p99 ${fmt(idle.startP99)}
  ${N} events, ${CONCURRENCY} clients, one event per POST
                       ${s.rate.toFixed(0)} events/s accepted; POST p50 ${fmt(s.postP50)}, p99 ${fmt(s.postP99)}
                       POST to journey started: p50 ${fmt(s.startP50)}, p99 ${fmt(s.startP99)}
                       journeys started ${s.journeysPerSecond.toFixed(0)}/s
  ${N} events in batches of ${BATCH}
                       ${b.rate.toFixed(0)} events/s accepted (${(b.rate / s.rate).toFixed(1)}x one per POST)
                       POST to journey started: p50 ${fmt(b.startP50)}, p99 ${fmt(b.startP99)}
                       journeys started ${b.journeysPerSecond.toFixed(0)}/s
  all ${total} welcome emails reached the SMTP server
`);
worker.kill('SIGINT');
await new Promise((r) => worker.once('exit', r));
await h.close();
await stack.stop();
process.exit(0);
