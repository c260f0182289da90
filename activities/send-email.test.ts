// The send activity against real Postgres and a real SMTP server: a message is sent once
// however often the activity runs, and every failure is classified and recorded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import type { Db } from '../db/connection.ts';
import { createCustomer } from '../db/customers.ts';
import { createTemplate } from '../db/templates.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { freePort } from '../scripts/free-port.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { REJECTED_DOMAIN } from '../scripts/testing/smtp-peer.ts';
import { createSmtpGateway } from './channels/smtp.ts';
import { sendEmailActivities } from './send-email.ts';

let h: Harness;
let db: Db;
let templateId: string;
const log = pino({ level: 'silent' });

before(async () => {
  h = await createHarness();
  db = h.db;
  templateId = (await createTemplate(db, welcomeTemplate)).id;
});
after(() => h.close());

const gateway = (port: number) =>
  createSmtpGateway({ host: '127.0.0.1', port, secure: false, from: 'Tests <t@herald.local>' });
const customer = (email: string | undefined, firstName = 'Ola') =>
  createCustomer(db, { email, firstName });
const history = async (messageId: string) =>
  (await db('message_status_history').where({ message_id: messageId }).orderBy('id')).map(
    (r: { status: string }) => r.status,
  );

test('the same key sent twice reaches the server once', async () => {
  const email = gateway(h.smtp.port);
  const { sendEmail } = sendEmailActivities({ db, email, log });
  const c = await customer('once@example.com');
  const input = { idempotencyKey: 'journey:x:once:1', customerId: c.id, templateId };
  const first = await sendEmail(input);
  const second = await sendEmail(input);
  assert.deepEqual(second, first);
  assert.equal(first.status, 'sent');
  await h.smtp.waitFor((m) => m.subject === 'Welcome to Herald Shop, Ola!');
  assert.equal(h.smtp.to('once@example.com').length, 1);
  assert.deepEqual(await history(first.messageId), ['sending', 'sent']);
  email.close();
});

test('an attempt that died past its commit point is recorded as unknown, not sent again', async () => {
  const email = gateway(h.smtp.port);
  const { sendEmail } = sendEmailActivities({ db, email, log });
  const c = await customer('crash@example.com');
  // What a worker killed between its final dot and recording the answer leaves behind.
  await db('messages').insert({
    idempotency_key: 'journey:x:crash:1',
    customer_id: c.id,
    channel: 'email',
    status: 'sending',
    attempts: 1,
    committed_at: db.fn.now(),
  });
  const result = await sendEmail({
    idempotencyKey: 'journey:x:crash:1',
    customerId: c.id,
    templateId,
  });
  assert.equal(result.status, 'unknown');
  assert.equal(h.smtp.to('crash@example.com').length, 0);
  email.close();
});

test('an attempt that died before its commit point is sent again, once', async () => {
  const email = gateway(h.smtp.port);
  const { sendEmail } = sendEmailActivities({ db, email, log });
  const c = await customer('precommit@example.com');
  // What a worker killed between claiming and its final dot leaves behind: never accepted.
  await db('messages').insert({
    idempotency_key: 'journey:x:precommit:1',
    customer_id: c.id,
    channel: 'email',
    status: 'sending',
    attempts: 1,
  });
  const result = await sendEmail({
    idempotencyKey: 'journey:x:precommit:1',
    customerId: c.id,
    templateId,
  });
  assert.equal(result.status, 'sent');
  assert.equal(h.smtp.to('precommit@example.com').length, 1);
  const row = await db('messages').where({ id: result.messageId }).first();
  assert.ok(row.committed_at, 'the commit point is recorded');
  email.close();
});

test('a refused connection is retried, and the retry sends', async () => {
  const closed = await freePort();
  const { sendEmail: failing } = sendEmailActivities({ db, email: gateway(closed), log });
  const c = await customer('retry@example.com');
  const input = { idempotencyKey: 'journey:x:retry:1', customerId: c.id, templateId };
  await assert.rejects(
    failing(input),
    (err: unknown) => err instanceof ApplicationFailure && !err.nonRetryable,
  );
  const email = gateway(h.smtp.port);
  const { sendEmail } = sendEmailActivities({ db, email, log });
  assert.equal((await sendEmail(input)).status, 'sent');
  assert.equal(h.smtp.to('retry@example.com').length, 1);
  email.close();
});

test('a customer without an email is skipped, with the reason', async () => {
  const { sendEmail } = sendEmailActivities({ db, email: gateway(h.smtp.port), log });
  const c = await customer(undefined);
  const result = await sendEmail({
    idempotencyKey: 'journey:x:none:1',
    customerId: c.id,
    templateId,
  });
  assert.equal(result.status, 'skipped');
  const row = await db('messages').where({ id: result.messageId }).first();
  assert.equal(row.error, 'the customer has no email address');
});

test('a mailbox the server refuses for good fails the message without retrying', async () => {
  const email = gateway(h.smtp.port);
  const { sendEmail } = sendEmailActivities({ db, email, log });
  const c = await customer(`nobody@${REJECTED_DOMAIN}`);
  const result = await sendEmail({
    idempotencyKey: 'journey:x:refused:1',
    customerId: c.id,
    templateId,
  });
  assert.equal(result.status, 'failed');
  const row = await db('messages').where({ id: result.messageId }).first();
  assert.match(row.error, /No such mailbox/);
  assert.deepEqual(await history(result.messageId), ['sending', 'failed']);
  email.close();
});
