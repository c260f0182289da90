// Crash survival on a real Temporal cluster: N customers enter "wait D seconds, then email"
// through the batch API and an M-recipient email mailing sends while, one after another, a
// worker is killed (-9), the Temporal server is killed (-9), and Postgres is stopped, each then
// started again. Prints a timeline, what the api answered while each was down (it must be a 503
// naming what is down), and the counts: journeys finished, messages at the SMTP sink, duplicates
// and losses, for the journeys and for the mailing. A client that meets a 5xx, or an event whose
// journey could not start, sends it again with the same idempotency key, as the answers ask.
// Usage: node --import tsx bench/cluster-faults.ts [journeys=2000] [delaySeconds=30] [mailing=20000]
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import pMap from 'p-map';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';
import { mailingOutcome, mailingSent, prepareMailing } from './fault-mailing.ts';
import { startRecipientSink } from './recipient-sink.ts';

const N = Number(process.argv[2] ?? 2000);
const DELAY_S = Number(process.argv[3] ?? 30);
const M = Number(process.argv[4] ?? 20_000);
/** Customers of the mailing's city it must not reach: as many without an address, unsubscribed. */
const INELIGIBLE = 100;
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
// Journeys' and mailing's mails alike: counted by recipient, bodies discarded.
const sink = await startRecipientSink();
// The api logs what it answers 500 (a dependency outage it does not recognise), nothing else.
const h = await createHarness({ ...stack, logLevel: 'error' });
const workers: ChildProcess[] = [];
const startWorker = async () => {
  const w = await spawnWorker(h, { smtpPort: sink.port });
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
const mailingId = await prepareMailing(h, M, INELIGIBLE);
say(
  `cluster at ${cluster.address}, 2 workers; ${N} journeys of "wait ${DELAY_S} s, then email"; ` +
    `a mailing to ${M} (and ${2 * INELIGIBLE} it must skip)`,
);

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
/** Answers that were not the 503 naming the outage. */
const wrongAnswers: string[] = [];
async function probe(outage: string, i: number, code: string) {
  const health = await ask('/health');
  const res = await ask('/v1/events', event(i));
  const read = await ask(`/v1/mailings/${mailingId}`);
  probes.push(
    `${outage}: GET /health ${health.status} ${JSON.stringify(health.body)}\n` +
      `    POST /v1/events ${res.status} ${res.body?.error?.code ?? ''} "${res.body?.error?.message ?? ''}"\n` +
      `    GET /v1/mailings/:id ${read.status} ${read.body?.error?.code ?? ''} "${read.body?.error?.message ?? ''}"`,
  );
  if (health.status !== 503) wrongAnswers.push(`${outage}: GET /health ${health.status}`);
  const clear = (a: Answer) => a.status === 503 && a.body?.error?.code === code;
  if (!clear(res)) wrongAnswers.push(`${outage}: POST /v1/events ${res.status}`);
  // Reading a mailing needs Postgres only: while Temporal is down it still answers.
  if (code === 'database_unavailable' ? !clear(read) : read.status !== 200)
    wrongAnswers.push(`${outage}: GET /v1/mailings/:id ${read.status}`);
}

const mailingStart = await ask(`/v1/mailings/${mailingId}/start`, {});
if (mailingStart.status >= 300) throw new Error(`start: ${JSON.stringify(mailingStart.body)}`);
say(`mailing to ${M} started`);
// The faults must land while the mailing sends: the events start once its first batch went out.
await eventually(async () => ((await mailingSent(h, mailingId)) > 0 ? true : undefined), 1_800_000);
say(`the mailing is sending (its audience frozen)`);
const posting = pMap(
  Array.from({ length: Math.ceil(N / BATCH) }, (_, b) =>
    Array.from({ length: Math.min(BATCH, N - b * BATCH) }, (_, k) => b * BATCH + k),
  ),
  post,
  { concurrency: 2 },
).then(() => say('every event accepted'));

const progress = async () => {
  const [open] = await h
    .db('campaign_entries')
    .where({ campaign_id: campaignId })
    .whereNot({ status: 'completed' })
    .count<{ n: string }[]>('* as n');
  say(
    `  the mailing has sent ${await mailingSent(h, mailingId)} of ${M}; ${open!.n} journeys open`,
  );
};

// The faults, one after another, while events arrive, journeys wait and send, the mailing sends.
await sleep(15_000);
await progress();
const victim = workers[0]!;
say(`kill -9 worker ${victim.pid}`);
victim.kill('SIGKILL');
await sleep(5_000);
say(`worker ${(await startWorker()).pid} started in its place`);

await sleep(20_000);
await progress();
say('kill -9 the Temporal server');
await cluster.kill();
await sleep(2_000);
await probe('Temporal down', N, 'temporal_unavailable');
await sleep(8_000);
await cluster.start();
say('Temporal server started again');

await sleep(20_000);
await progress();
say('stop Postgres');
await stack.postgres.stop();
await sleep(2_000);
await probe('Postgres down', N + 1, 'database_unavailable');
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
const mailingDone = await eventually(async () => {
  const res = await ask(`/v1/mailings/${mailingId}`);
  const status = (res.body as { mailing?: { status: string } } | undefined)?.mailing?.status;
  return status === 'sent' || status === 'failed' ? status : undefined;
}, 1_800_000).catch(() => undefined);
say(`the mailing ${mailingDone ? `finished (${mailingDone})` : 'did not finish in 30 minutes'}`);
await sleep(3_000); // the last mails reach the sink

const atSink = new Map([...sink.received].filter(([a]) => a.endsWith('@faults.local')));
const mailing = await mailingOutcome(h, mailingId, sink.received);
const completed = await h
  .db('campaign_entries')
  .where({ campaign_id: campaignId, status: 'completed' })
  .count<{ n: string }[]>('* as n');
const sentRows = await h
  .db('messages')
  .whereNull('mailing_id')
  .where({ status: 'sent' })
  .count<{ n: string }[]>('* as n');
const duplicates = [...atSink.values()].reduce((n, c) => n + c - 1, 0);
const lost = Array.from({ length: TOTAL }, (_, i) => email(i)).filter((e) => !atSink.has(e));

console.log(`
Faults on a Temporal cluster: ${N} journeys and a ${M}-recipient mailing, 2 workers; one
worker, the Temporal server and Postgres each stopped and started again while they ran
Journeys
  finished              ${completed[0]!.n} of ${TOTAL} (the events' and the two probes')
  messages at the sink  ${[...atSink.values()].reduce((a, b) => a + b, 0)} to ${atSink.size} recipients (messages rows sent: ${sentRows[0]!.n})
  duplicates            ${duplicates}
  losses                ${lost.length}${lost.length > 0 ? ` (${lost.slice(0, 5).join(', ')}...)` : ''}
Mailing (${mailingDone ?? 'unfinished'})
  eligible              ${mailing.eligible} (${mailing.excluded} excluded: ${mailing.excludedWhy})
  messages at the sink  ${mailing.messages} (to ineligible recipients: ${mailing.unexpected})
  duplicates            ${mailing.duplicates}
  losses                ${mailing.lost.length}${mailing.lost.length > 0 ? ` (${mailing.lost.slice(0, 5).join(', ')}...)` : ''}
  messages by status    ${mailing.statuses}
api answers             ${[...answers].map(([k, v]) => `${k}: ${v}`).join(', ')}
While down:
  ${probes.join('\n  ')}
${wrongAnswers.length > 0 ? `NOT a clear 503: ${wrongAnswers.join('; ')}` : 'Every answer while down was a 503 naming what is down.'}
`);
for (const w of workers) w.kill('SIGINT');
await h.close();
await sink.close();
await stack.stop();
const mailingOk =
  mailingDone === 'sent' &&
  mailing.lost.length === 0 &&
  mailing.duplicates === 0 &&
  mailing.unexpected === 0;
process.exit(
  lost.length === 0 && duplicates === 0 && finished && mailingOk && wrongAnswers.length === 0
    ? 0
    : 1,
);
