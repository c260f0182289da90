// A sending worker killed with -9 in the middle of the SMTP transaction, against real Postgres
// and a real SMTP server: the message arrives exactly once. Killed before its commit point (the
// moment before the final dot), the server never accepted it and the retry sends it; killed
// after its dot, the server has it and the retry records it "unknown" rather than send it again.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../db/connection.ts';
import { createCustomer } from '../db/customers.ts';
import { createTemplate } from '../db/templates.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { createSmtpGateway } from './channels/smtp.ts';
import { sendEmailActivities } from './send-email.ts';

let h: Harness;
let db: Db;
let templateId: string;
/** Whole messages the server accepted (read to the final dot), by recipient. */
const accepted = new Map<string, number>();
/** Per recipient: a hook run when its message's data starts, or once it has all of it. */
const onBody = new Map<string, () => void>();
const holdAnswer = new Map<string, Promise<void>>();
/** Per recipient: its RCPT TO is answered only once this resolves. */
const holdRcpt = new Map<string, Promise<void>>();
let server: SMTPServer;
let port: number;

before(async () => {
  h = await createHarness();
  db = h.db;
  templateId = (await createTemplate(db, welcomeTemplate)).id;
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      void (holdRcpt.get(address.address) ?? Promise.resolve()).then(() => callback());
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo[0]!.address;
      stream.once('data', () => onBody.get(to)?.());
      stream.on('end', () => {
        // "end" comes only with the final dot; a connection dropped mid-DATA never gets here.
        accepted.set(to, (accepted.get(to) ?? 0) + 1);
        void (holdAnswer.get(to) ?? Promise.resolve()).then(() => callback());
      });
      stream.resume();
    },
  });
  // The killed worker's connection is reset: expected, and what the tests are about.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

function sendingWorker(input: object): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/testing/sending-worker.ts', JSON.stringify(input)],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DATABASE_URL: h.databaseUrl, SMTP_PORT: String(port) },
    },
  );
}
/** A wait that fails the test, naming what it waited for, instead of hanging it. */
const within = <T>(what: string, p: Promise<T>, ms = 60_000) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref(),
    ),
  ]);
const killed = async (child: ChildProcess) => {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
};
const retry = async (input: Parameters<ReturnType<typeof sendEmailActivities>['sendEmail']>[0]) => {
  const email = createSmtpGateway({
    host: '127.0.0.1',
    port,
    secure: false,
    from: 'k@herald.local',
  });
  try {
    return await sendEmailActivities({ db, email, log: pino({ level: 'silent' }) }).sendEmail(
      input,
    );
  } finally {
    email.close();
  }
};
const statuses = async (key: string) =>
  (
    await db('message_status_history as h')
      .join('messages as m', 'm.id', 'h.message_id')
      .where('m.idempotency_key', key)
      .orderBy('h.id')
      .select('h.status')
  ).map((r: { status: string }) => r.status);

test('a worker killed mid-DATA, before its final dot: the retry sends it, and it arrives once', async () => {
  const address = 'before-dot@example.com';
  const c = await createCustomer(db, { email: address, firstName: 'Bea' });
  const input = { idempotencyKey: 'kill:before-dot', customerId: c.id, templateId };
  // The message's row is locked while the worker streams it, so that its commit waits: the
  // worker is then provably between its message's data and its dot when it is killed.
  const lock = await db.transaction();
  let locked!: () => void;
  holdRcpt.set(address, new Promise<void>((resolve) => (locked = resolve)));
  const dataStarted = new Promise<void>((resolve) => onBody.set(address, resolve));
  const child = sendingWorker(input);
  try {
    const claimed = await eventually(
      async () =>
        (await db('messages').where({ idempotency_key: input.idempotencyKey }).first()) as
          { id: string } | undefined,
      120_000,
    );
    await lock('messages').where({ id: claimed.id }).forUpdate().select('id');
    locked();
    await within('the message data to start', dataStarted);
    // The worker's commit is waiting for the row.
    await eventually(async () => {
      const { rows } = await db.raw<{ rows: unknown[] }>(
        `select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%committed_at = now()%'`,
      );
      return rows.length > 0 ? true : undefined;
    }, 120_000);
    await killed(child);
  } finally {
    child.kill('SIGKILL');
    await lock.rollback();
  }
  assert.equal(accepted.get(address) ?? 0, 0, 'nothing reached the server before the kill');

  const result = await retry(input);
  assert.equal(result.status, 'sent');
  assert.equal(accepted.get(address), 1);
  assert.deepEqual(await statuses(input.idempotencyKey), ['sending', 'sent']);
});

test('a worker killed after its final dot: the server has it, the retry records it unknown and does not resend', async () => {
  const address = 'after-dot@example.com';
  const c = await createCustomer(db, { email: address, firstName: 'Ada' });
  const input = { idempotencyKey: 'kill:after-dot', customerId: c.id, templateId };
  // The server withholds its 250 until the worker is dead.
  let answer!: () => void;
  holdAnswer.set(address, new Promise<void>((resolve) => (answer = resolve)));
  const child = sendingWorker(input);
  await eventually(() => Promise.resolve((accepted.get(address) ?? 0) > 0 || undefined), 120_000);
  await killed(child);
  answer();

  const result = await retry(input);
  assert.equal(result.status, 'unknown');
  assert.equal(accepted.get(address), 1, 'not sent again');
  assert.deepEqual(await statuses(input.idempotencyKey), ['sending', 'unknown']);
});
