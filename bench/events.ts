// Event ingestion benchmark: posts signed_up events (each for a new customer, each starting a
// Welcome journey that emails through a local SMTP server) and prints events/s accepted, the
// time from POST to the journey's first step (p50, p99) and journeys started and completed a
// second; one at a time, with concurrent clients, through the batch api, and through the batch
// api at a steady 200 events a second. Beside each, the bare baseline on the same Temporal
// server (bench/bare/): a workflow with one no-op activity, its worker in its own process,
// started the same way; Herald's figure is printed as a ratio of it.
// Usage: npm run bench -- [events=500] [concurrency=16]
import pMap from 'p-map';
import { eventually, type Harness } from '../scripts/testing/harness.ts';
import { type BareRun, startBare } from './bare/run.ts';
import { startWelcomeBench } from './welcome-stack.ts';

const N = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const BATCH = 100;
const IDLE = 50;
/** The steady phase: events a second through the batch api, for this long. */
const STEADY_RATE = 200;
const STEADY_SECONDS = 10;
/** In the steady phase, one event in this many is a sign-up; the others start nothing. */
const STEADY_JOURNEY_EVERY = 10;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Journeys {
  /**
   * Milliseconds from each POST to its journey's first step: the Welcome email's send claiming
   * its message, as the bare workflow's first step is its activity running.
   */
  firstStep: number[];
  startedPerSecond: number;
  completedPerSecond: number;
}

/** Reads the journeys of the posted customers back from the entries table, once all finished. */
async function journeysOf(
  h: Harness,
  campaignId: string,
  postedAt: Map<string, number>,
): Promise<Journeys> {
  const rows = await eventually(async () => {
    const r = await h
      .db('campaign_entries as e')
      .join('customers as c', 'c.id', 'e.customer_id')
      .join('messages as m', function () {
        this.on('m.campaign_id', 'e.campaign_id').andOn('m.customer_id', 'e.customer_id');
      })
      .where('e.campaign_id', campaignId)
      .whereIn('c.external_id', [...postedAt.keys()])
      .whereNotNull('e.finished_at')
      .select<{ external_id: string; started_at: Date; finished_at: Date }[]>(
        'c.external_id',
        'm.created_at as started_at',
        'e.finished_at',
      );
    return r.length === postedAt.size ? r : undefined;
  }, 600_000);
  const first = Math.min(...postedAt.values());
  const perSecond = (key: 'started_at' | 'finished_at') =>
    (rows.length * 1000) / (Math.max(...rows.map((r) => r[key].getTime())) - first);
  return {
    firstStep: rows
      .map((r) => r.started_at.getTime() - postedAt.get(r.external_id)!)
      .sort((a, b) => a - b),
    startedPerSecond: perSecond('started_at'),
    completedPerSecond: perSecond('finished_at'),
  };
}

const bench = await startWelcomeBench('bench');
const { h, campaignId } = bench;
const bare = await startBare(h);
await bare.run({ count: 20, concurrency: 4 }); // its warm-up

async function single(prefix: string, count: number, concurrency: number) {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const postedAt = new Map<string, number>();
  const postMs: number[] = [];
  const t0 = performance.now();
  await pMap(
    ids,
    async (id) => {
      postedAt.set(id, Date.now());
      const start = performance.now();
      const res = await bench.signUp(id);
      if (res.status !== 202) throw new Error(JSON.stringify(res.body));
      postMs.push(performance.now() - start);
      // At idle nothing else is in flight: the next event waits for this journey's end.
      if (concurrency === 1) {
        const { journeysStarted } = res.body as { journeysStarted: { workflowId: string }[] };
        await h.temporal.workflow.getHandle(journeysStarted[0]!.workflowId).result();
      }
    },
    { concurrency },
  );
  const seconds = (performance.now() - t0) / 1000;
  postMs.sort((a, b) => a - b);
  return {
    rate: count / seconds,
    postP50: pct(postMs, 50),
    postP99: pct(postMs, 99),
    ...(await journeysOf(h, campaignId, postedAt)),
  };
}

const postBatch = async (events: object[]) => {
  const res = await h.api('/v1/events', { body: { events } });
  if (res.status !== 202) throw new Error(JSON.stringify(res.body).slice(0, 500));
};
const signUpEvent = (id: string) => ({
  type: 'signed_up',
  externalId: id,
  customer: { email: `${id}@bench.local` },
});

async function batched() {
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
      await postBatch(batch.map(signUpEvent));
    },
    { concurrency: Math.max(1, Math.floor(CONCURRENCY / 8)) },
  );
  const seconds = (performance.now() - t0) / 1000;
  return { rate: N / seconds, ...(await journeysOf(h, campaignId, postedAt)) };
}

/** A steady stream through the batch api: a batch every 100 ms, each a tenth of the rate. */
async function steady() {
  const postedAt = new Map<string, number>();
  const perTick = STEADY_RATE / 10;
  const lateTicks: number[] = [];
  const t0 = Date.now();
  const posts: Promise<void>[] = [];
  for (let tick = 0; tick < STEADY_SECONDS * 10; tick++) {
    const due = t0 + tick * 100;
    if (Date.now() < due) await sleep(due - Date.now());
    lateTicks.push(Date.now() - due);
    const events = Array.from({ length: perTick }, (_, i) => {
      const n = tick * perTick + i;
      if (n % STEADY_JOURNEY_EVERY !== 0)
        return { type: 'page_view', externalId: `steady-${n}`, properties: { url: '/bench' } };
      postedAt.set(`steady-${n}`, Date.now());
      return signUpEvent(`steady-${n}`);
    });
    posts.push(postBatch(events)); // a slow answer must not slow the stream down
  }
  await Promise.all(posts);
  const behind = pct(
    lateTicks.sort((a, b) => a - b),
    99,
  );
  return { behind, ...(await journeysOf(h, campaignId, postedAt)) };
}

// One client posting one event at a time, each after the last journey ended: an idle system.
const idle = await single('idle', IDLE, 1);
const idleBare = await bare.run({ count: IDLE, concurrency: 1, oneByOne: true });
const s = await single('single', N, CONCURRENCY);
const sBare = await bare.run({ count: N, concurrency: CONCURRENCY });
const b = await batched();
const st = await steady();
const total = IDLE + 2 * N + st.firstStep.length + 1;
// Every welcome email reached the SMTP peer (which only drains them: see welcome-stack.ts).
await eventually(() => Promise.resolve(h.smtp.received() >= total ? true : undefined), 600_000);

const ratio = (herald: number, baseline: number) => `${(herald / baseline).toFixed(2)}x bare`;
const rates = (j: Journeys, base?: BareRun) =>
  `journeys started ${j.startedPerSecond.toFixed(1)}/s, completed ${j.completedPerSecond.toFixed(1)}/s` +
  (base
    ? `\n                       bare workflow: started ${base.startedPerSecond.toFixed(1)}/s, completed ${base.completedPerSecond.toFixed(1)}/s` +
      ` -> Herald ${ratio(j.completedPerSecond, base.completedPerSecond)}`
    : '');
console.log(`
Herald event ingestion: signed_up events, each starting a journey that sends a welcome email;
beside it the bare baseline (one no-op activity) on the same Temporal server
  one at a time (${IDLE})  POST p50 ${fmt(idle.postP50)}, p99 ${fmt(idle.postP99)}
                       POST to first step: p50 ${fmt(pct(idle.firstStep, 50))}, p99 ${fmt(pct(idle.firstStep, 99))}
                       bare, start to its activity: p50 ${fmt(pct(idleBare.firstStep, 50))}, p99 ${fmt(pct(idleBare.firstStep, 99))}
  ${N} events, ${CONCURRENCY} clients, one event per POST
                       ${s.rate.toFixed(0)} events/s accepted; POST p50 ${fmt(s.postP50)}, p99 ${fmt(s.postP99)}
                       POST to first step: p50 ${fmt(pct(s.firstStep, 50))}, p99 ${fmt(pct(s.firstStep, 99))}
                       ${rates(s, sBare)}
  ${N} events in batches of ${BATCH}
                       ${b.rate.toFixed(0)} events/s accepted (${(b.rate / s.rate).toFixed(1)}x one per POST)
                       POST to first step: p50 ${fmt(pct(b.firstStep, 50))}, p99 ${fmt(pct(b.firstStep, 99))}
                       ${rates(b, sBare)}
  ${STEADY_RATE} events/s for ${STEADY_SECONDS} s through the batch api, one in ${STEADY_JOURNEY_EVERY} a sign-up (posting fell behind by up to ${fmt(st.behind)})
                       POST to first step: p50 ${fmt(pct(st.firstStep, 50))}, p99 ${fmt(pct(st.firstStep, 99))}
                       ${rates(st)}
  all ${total} welcome emails reached the SMTP server
`);
await bare.stop();
await bench.close();
process.exit(0);
