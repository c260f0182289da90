// Mass-mailing benchmark: an N-recipient email mailing from a saved segment, through the
// mailing workflow's batches, rendering and SMTP, to a local sink (an smtp-server that counts
// and discards, parsing nothing). Prints messages per second, the time to freeze the audience
// and peak memory. As in production, the worker is a process of its own (worker/main.ts, open
// and click tracking on), the api another (this one), the sink a third (bench/mailing-sink.ts).
// Then, in the same run, bare nodemailer sends the same messages (the first one Herald sent,
// with each recipient's name and message ID) to the same sink from this process with a pool of
// the same size (10 connections, 32 in flight), and the ratio Herald / bare is printed (goal: at
// least 0.7).
// Usage: npm run bench:mailing -- [recipients=100000] [workers=1]
// workers=2 runs two worker processes, as cluster mode does (each one's CPU shown apart).
// BENCH_CPU_PROF=<dir> writes the worker's CPU profile there (read it with bench/profile-top.ts).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import pMap from 'p-map';
import type { MailingAnswer } from '../core/contract/mailings.ts';
import type { SegmentAnswer } from '../core/contract/segments.ts';
import { SMTP_CONNECTIONS } from '../activities/channels/smtp.ts';
import { MAILING_EMAILS_IN_FLIGHT } from '../activities/mailings.ts';
import { createHarness, eventually } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';
import { cpuMeter, perEmail } from './mailing-cpu.ts';

const N = Number(process.argv[2] ?? 100_000);
const WORKERS = Number(process.argv[3] ?? 1);

const sinkProcess = fork(path.join(import.meta.dirname, 'mailing-sink.ts'), {
  execArgv: ['--import', 'tsx'],
});
/** The sink's answer to one question. */
const ask = async <T>(question: string, key: string): Promise<T> => {
  sinkProcess.send(question);
  for (;;) {
    const [answer] = (await once(sinkProcess, 'message')) as [Record<string, T>];
    if (key in answer) return answer[key]!;
  }
};
const sinkPort = await ask<number>('', 'port');
const received = () => ask<number>('count', 'count');

const dataDir = path.resolve(import.meta.dirname, '..', '.data', 'bench-mailing');
const stack = await startLocalStack(dataDir, { temporalDbFile: true });
const h = await createHarness({ ...stack, logLevel: 'warn', parseMail: false });
const profileDir = process.env.BENCH_CPU_PROF;
const workers = await Promise.all(
  Array.from({ length: WORKERS }, () =>
    spawnWorker(
      { ...h, smtp: { port: sinkPort } },
      profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {},
    ),
  ),
);
/** A process's peak resident memory so far, in MB (Linux). */
const peakMb = (pid: number) =>
  Math.round(
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
  );

await h.db.raw(
  `insert into customers (external_id, email, first_name, city)
   select 'bench-' || i, 'bench-' || i || '@bench.example', 'Reader ' || i, 'Benchville'
   from generate_series(1, ?) as i`,
  [N],
);
const segment = await h.api('/v1/segments', {
  body: {
    name: 'Bench',
    rules: {
      kind: 'group',
      match: 'all',
      children: [{ kind: 'attribute', field: 'city', test: { op: 'equals', value: 'Benchville' } }],
    },
  },
});
const segmentId = (segment.body as SegmentAnswer).segment.id;
// The new segment's entries would each fire a segment_entered event (one insert each, for entry
// triggers, which no campaign here has): marked handled, they do not share the machine with the
// mailing being measured.
await eventually(async () => {
  const row = await h
    .db('segment_memberships')
    .where({ segment_id: segmentId })
    .count<{ n: string }>('* as n')
    .first();
  return Number(row?.n) === N ? true : undefined;
}, 60 * 60_000);
await h
  .db('segment_membership_changes')
  .where({ segment_id: segmentId })
  .whereNull('processed_at')
  .update({ processed_at: h.db.fn.now() });
const subject = 'News for {{ customer.firstName }}';
const mjml =
  '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ customer.firstName }}, this is the winter news.</mj-text></mj-column></mj-section></mj-body></mjml>';
type TemplateAnswer = { template: { id: string } };
const template = await h.api('/v1/templates', { body: { name: 'Bench', subject, mjml } });
const mailing = await h.api('/v1/mailings', {
  body: {
    name: 'Bench',
    channel: 'email',
    templateId: (template.body as TemplateAnswer).template.id,
    audience: { include: { segments: [segmentId] } },
  },
});
const id = (mailing.body as MailingAnswer).mailing.id;

const cpu = cpuMeter(dataDir, {
  ...Object.fromEntries(workers.map((w, i) => [i === 0 ? 'worker' : `worker${i + 1}`, w.pid!])),
  sink: sinkProcess.pid!,
  api: process.pid,
});
const cpuStarted = cpu();
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '';
/** The 1-minute load average when each part started and ended: other work shares the cores. */
const loadAverage = { heraldStart: load(), heraldEnd: '', bareStart: '', bareEnd: '' };
const started = performance.now();
await h.api(`/v1/mailings/${id}/start`, { method: 'POST' });
// Its status read once a second from the table: the api's answer counts 100,000 messages, and
// asked ten times a second it would cost the database more than the mailing does.
for (;;) {
  const row = await h.db('mailings').where({ id }).first<{ status: string }>('status');
  if (row?.status === 'sent' || row?.status === 'failed') break;
  await new Promise((r) => setTimeout(r, 1000));
}
const heraldSeconds = (performance.now() - started) / 1000;
const done = ((await h.api(`/v1/mailings/${id}`)).body as MailingAnswer).mailing;
const heraldRate = N / heraldSeconds;
loadAverage.heraldEnd = load();
const heraldReceived = await received();
const heraldCpu = perEmail(cpuStarted, cpu(), N);

const workerPeakMb = Math.max(...workers.map((w) => peakMb(w.pid!)));
for (const w of workers) w.kill('SIGTERM');
await Promise.all(workers.map((w) => once(w, 'exit')));

// Bare nodemailer: the message Herald sent first, parsed back into what sendMail takes, sent to
// each recipient with their name and a message ID of their own, from this process, with the
// same pool and concurrency. Its messages are as long and carry the same headers.
const sample = await simpleParser((await ask<string | null>('sample', 'sample')) ?? '');
const sampleTo = (sample.to as { value: { address: string }[] }).value[0]!.address;
const sampleNumber = /bench-(\d+)@/.exec(sampleTo)![1]!;
const sampleId = /<(.+)@herald>/.exec(sample.messageId ?? '')?.[1] ?? '';
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const personal = (text: string, i: number) =>
  text.replaceAll(`Reader ${sampleNumber}`, `Reader ${i}`).replaceAll(sampleId, idOf(i));
const unsubscribe = sample.headers.get('list-unsubscribe') as { url?: string } | undefined;
const bare = nodemailer.createTransport({
  host: '127.0.0.1',
  port: sinkPort,
  secure: false,
  pool: true,
  maxConnections: SMTP_CONNECTIONS,
  tls: { rejectUnauthorized: false },
});
const bareBefore = await received();
const bareCpuStarted = cpu();
loadAverage.bareStart = load();
const bareStarted = performance.now();
await pMap(
  Array.from({ length: N }, (_, i) => i),
  (i) =>
    bare.sendMail({
      from: sample.from?.text,
      to: `bench-${i}@bench.example`,
      subject: personal(sample.subject ?? '', i),
      html: personal(typeof sample.html === 'string' ? sample.html : '', i),
      text: personal(sample.text ?? '', i),
      messageId: `<${idOf(i)}@herald>`,
      ...(unsubscribe?.url && {
        headers: {
          'List-Unsubscribe': `<${personal(unsubscribe.url, i)}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }),
    }),
  { concurrency: MAILING_EMAILS_IN_FLIGHT },
);
const bareRate = N / ((performance.now() - bareStarted) / 1000);
loadAverage.bareEnd = load();
const bareReceived = (await received()) - bareBefore;
const { api: nodemailerCpu, sink: bareSinkCpu } = perEmail(bareCpuStarted, cpu(), N);
bare.close();

console.log(
  JSON.stringify(
    {
      recipients: N,
      workers: WORKERS,
      sent: done.counts.sent,
      sinkReceived: heraldReceived,
      heraldMessagesPerSecond: Math.round(heraldRate),
      freezeMs: done.freezeMs,
      peakRssMb: { worker: workerPeakMb, api: peakMb(process.pid) },
      bareNodemailerMessagesPerSecond: Math.round(bareRate),
      bareSinkReceived: bareReceived,
      ratio: Number((heraldRate / bareRate).toFixed(2)),
      loadAverage,
      // The api process is this one: while Herald sends, it polls the status once a second.
      cpuMsPerEmail: {
        herald: heraldCpu,
        bare: { nodemailer: nodemailerCpu, sink: bareSinkCpu },
      },
      messageBytes: { html: typeof sample.html === 'string' ? sample.html.length : 0 },
    },
    null,
    2,
  ),
);

await h.close();
sinkProcess.send('close');
await once(sinkProcess, 'exit');
await stack.stop();
