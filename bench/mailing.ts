// Mass-mailing benchmark: an N-recipient email mailing from a saved segment, through the
// mailing workflow's batches, rendering and SMTP, to a local sink (an smtp-server that counts
// and discards, parsing nothing). Prints messages per second, the time to freeze the audience
// and this process's peak memory (api and worker run here). Then, in the same run, bare
// nodemailer sends the same number of pre-rendered messages to the same sink with the same pool
// (5 connections, 16 in flight) and the ratio Herald / bare is printed (goal: at least 0.7).
// Usage: npm run bench:mailing -- [recipients=100000]
import path from 'node:path';
import nodemailer from 'nodemailer';
import pMap from 'p-map';
import pino from 'pino';
import { createSmtpGateway } from '../activities/channels/smtp.ts';
import type { MailingAnswer } from '../core/contract/mailings.ts';
import type { SegmentAnswer } from '../core/contract/segments.ts';
import { createHarness, eventually } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { createHeraldWorker } from '../worker/create-worker.ts';
import { startRecipientSink } from './recipient-sink.ts';

const N = Number(process.argv[2] ?? 100_000);

const sink = await startRecipientSink();
const sinkPort = sink.port;
const received = () => [...sink.received.values()].reduce((a, b) => a + b, 0);

const stack = await startLocalStack(
  path.resolve(import.meta.dirname, '..', '.data', 'bench-mailing'),
  { temporalDbFile: true },
);
const h = await createHarness({ ...stack, logLevel: 'warn' });
const email = createSmtpGateway({
  host: '127.0.0.1',
  port: sinkPort,
  secure: false,
  from: 'Bench <bench@herald.local>',
});
const { worker, connection } = await createHeraldWorker({
  address: h.temporalAddress,
  namespace: 'default',
  taskQueue: h.taskQueue,
  db: h.db,
  email,
  log: pino({ level: 'warn' }),
  workflowBundlePath: h.workflowBundlePath,
});
const running = worker.run();

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
const heraldReceived = received();

// Bare nodemailer: the same count of messages, rendered once, the same pool and concurrency.
const bare = nodemailer.createTransport({
  host: '127.0.0.1',
  port: sinkPort,
  secure: false,
  pool: true,
  maxConnections: 5,
  tls: { rejectUnauthorized: false },
});
const bareStarted = performance.now();
await pMap(
  Array.from({ length: N }, (_, i) => i),
  (i) =>
    bare.sendMail({
      from: 'Bench <bench@herald.local>',
      to: `bench-${i}@bench.example`,
      subject: `News for Reader ${i}`,
      html: `<p>Hello Reader ${i}, this is the winter news.</p>`,
      text: `Hello Reader ${i}, this is the winter news.`,
    }),
  { concurrency: 16 },
);
const bareRate = N / ((performance.now() - bareStarted) / 1000);
bare.close();

console.log(
  JSON.stringify(
    {
      recipients: N,
      sent: done.counts.sent,
      sinkReceived: heraldReceived,
      heraldMessagesPerSecond: Math.round(heraldRate),
      freezeMs: done.freezeMs,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      bareNodemailerMessagesPerSecond: Math.round(bareRate),
      ratio: Number((heraldRate / bareRate).toFixed(2)),
    },
    null,
    2,
  ),
);

worker.shutdown();
await running;
await connection.close();
email.close();
await h.close();
await sink.close();
await stack.stop();
