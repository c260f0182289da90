// Crash survival on a real Temporal cluster: N customers enter "wait D seconds, then email"
// through the batch API while, one after another, a worker is killed (-9), the Temporal server is
// killed (-9), and Postgres is stopped, each then started again. Prints a timeline, what the api
// answered while each was down, and the counts: journeys finished, mails at the SMTP sink,
// duplicates and losses. A client that meets a 5xx, or an event whose journey could not start,
// sends it again with the same idempotency key, as the api's answers ask.
// Usage: node --import tsx bench/cluster-faults.ts [journeys=2000] [delaySeconds=30]
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import pMap from 'p-map';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';

const N = Number(process.argv[2] ?? 2000);
const DELAY_S = Number(process.argv[3] ?? 30);
const BATCH = 100;
const t0 = Date.now();
const say = (line: string) => console.log(`+${((Date.now() - t0) / 1000).toFixed(1)}s ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stack = await startLocalStack(
  path.resolve(import.meta.dirname, '..', '.data', 'bench-faults'),
  {
    temporal: 'cluster',
  },
);
const cluster = stack.cluster!;
// The api logs what it answers 500 (a dependency outage it does not recognise), nothing else.
const h = await createHarness({ ...stack, logLevel: 'error' });
const workers: ChildProcess[] = [];
const startWorker = async () => {
  const w = await spawnWorker(h);
  workers.push(w);
  w.once('exit', (code, signal) => say(`worker ${w.pid} exited (${signal ?? code})`));
  return w;
};
await startWorker();
await startWorker();
const templateId = await createTemplate(h, welcomeTemplate);
const campaignId = await publishCampaign(
  h,
  'Faults',
  waitThenEmail('fault_enter', { amount: DELAY_S, unit: 'seconds' }, templateId),
);
say(`cluster at ${cluster.address}, 2 workers; ${N} journeys of "wait ${DELAY_S} s, then email"`);

// The client: every event sent until the api has accepted it and started its journey.
const answers = new Map<string, number>();
const count = (key: string) => answers.set(key, (answers.get(key) ?? 0) + 1);
const email = (i: number) => `f-${i}@faults.local`;
const event = (i: number) => ({
  type: 'fault_enter',
  externalId: `f-${i}`,
  idempotencyKey: `f-${i}`,
  customer: { email: email(i), firstName: 'F' },
});
async function post(indexes: number[]): Promise<void> {
  for (let pending = indexes; pending.length > 0;) {
    const res = await ask('/v1/events', { events: pending.map(event) });
    if (res.status === 0 || res.status >= 500) {
      count(`${res.status} ${res.body?.error?.code ?? 'no answer'}`);
      await sleep(1_000);
      continue;
    }
    const results = res.body?.results ?? [];
    const again = pending.filter((_, k) => results[k]?.status !== 'accepted');
    for (const k of results.filter((r) => r.status !== 'accepted')) count(`item ${k.error?.code}`);
    count(`${res.status}`);
    if (again.length > 0) await sleep(1_000);
    pending = again;
  }
}
/** The parts of the api's answers the client reads. */
interface Answer {
  status: number;
  body?: {
    error?: { code?: string; message?: string };
    results?: { status: string; error?: { code: string } }[];
  };
}
const ask = (path: string, body?: unknown): Promise<Answer> =>
  h.api(path, body === undefined ? {} : { body }).catch(() => ({ status: 0 }));

// What the api answered while something was down, by outage: its health, and a new customer's
// event that starts a journey (sent again after the outage, as its answer asks).
const probes: string[] = [];
async function probe(outage: string, i: number) {
  const health = await ask('/health');
  const res = await ask('/v1/events', event(i));
  probes.push(
    `${outage}: GET /health ${health.status} ${JSON.stringify(health.body)}\n    POST /v1/events ${res.status} ${res.body?.error?.code ?? ''} "${res.body?.error?.message ?? ''}"`,
  );
}

const posting = pMap(
  Array.from({ length: Math.ceil(N / BATCH) }, (_, b) =>
    Array.from({ length: Math.min(BATCH, N - b * BATCH) }, (_, k) => b * BATCH + k),
  ),
  post,
  { concurrency: 2 },
).then(() => say('every event accepted'));

// The faults, one after another, while events arrive and journeys wait and send.
await sleep(15_000);
const victim = workers[0]!;
say(`kill -9 worker ${victim.pid}`);
victim.kill('SIGKILL');
await sleep(5_000);
say(`worker ${(await startWorker()).pid} started in its place`);

await sleep(20_000);
say('kill -9 the Temporal server');
await cluster.kill();
await sleep(2_000);
await probe('Temporal down', N);
await sleep(8_000);
await cluster.start();
say('Temporal server started again');

await sleep(20_000);
say('stop Postgres');
await stack.postgres.stop();
await sleep(2_000);
await probe('Postgres down', N + 1);
await sleep(8_000);
await stack.postgres.start();
say('Postgres started again');
if (cluster.process().exitCode !== null) {
  say('the Temporal server had exited while Postgres was down; starting it again');
  await cluster.start();
}

await posting;
await post([N, N + 1]); // the probes, whatever they were answered
const TOTAL = N + 2;
const finished = await eventually(async () => {
  const rows = await h
    .db('campaign_entries')
    .where({ campaign_id: campaignId, status: 'completed' })
    .count<{ n: string }[]>('* as n');
  return Number(rows[0]!.n) === TOTAL ? TOTAL : undefined;
}, 1_800_000).catch(() => undefined);
say(finished ? `all ${TOTAL} journeys finished` : 'gave up waiting for every journey to finish');
await sleep(3_000); // the last mails reach the sink

const atSink = new Map<string, number>();
for (const m of h.smtp.mails)
  for (const to of [m.to].flat())
    for (const a of to?.value ?? [])
      if (a.address?.endsWith('@faults.local'))
        atSink.set(a.address, (atSink.get(a.address) ?? 0) + 1);
const completed = await h
  .db('campaign_entries')
  .where({ campaign_id: campaignId, status: 'completed' })
  .count<{ n: string }[]>('* as n');
const sentRows = await h.db('messages').where({ status: 'sent' }).count<{ n: string }[]>('* as n');
const duplicates = [...atSink.values()].reduce((n, c) => n + c - 1, 0);
const lost = Array.from({ length: TOTAL }, (_, i) => email(i)).filter((e) => !atSink.has(e));

console.log(`
Faults on a Temporal cluster: ${N} journeys, 2 workers, one worker, the Temporal server and
Postgres each stopped and started again while events arrived
  journeys finished     ${completed[0]!.n} of ${TOTAL} (the events' and the two probes')
  mails at the sink     ${[...atSink.values()].reduce((a, b) => a + b, 0)} to ${atSink.size} recipients (messages rows sent: ${sentRows[0]!.n})
  duplicates            ${duplicates}
  losses                ${lost.length}${lost.length > 0 ? ` (${lost.slice(0, 5).join(', ')}...)` : ''}
  api answers           ${[...answers].map(([k, v]) => `${k}: ${v}`).join(', ')}
While down:
  ${probes.join('\n  ')}
`);
for (const w of workers) w.kill('SIGINT');
await h.close();
await stack.stop();
process.exit(lost.length === 0 && duplicates === 0 && finished ? 0 : 1);
