// Email bounces and complaints end to end, with real SMTP on both sides: a server that refuses a
// mailbox at send time, and one that accepts and then mails DSNs and abuse reports back to the
// worker's bounce receiver. A hard bounce marks the message bounced and the address invalid (the
// next send is skipped, with the reason); a soft one is noted; a complaint unsubscribes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../core/config.ts';
import { createCustomer } from '../db/customers.ts';
import { createTemplate } from '../db/templates.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import {
  type BouncingMta,
  COMPLAINT_DOMAIN,
  HARD_BOUNCE_DOMAIN,
  SOFT_BOUNCE_DOMAIN,
  startBouncingMta,
} from '../scripts/testing/bouncing-mta.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { REJECTED_DOMAIN } from '../scripts/testing/smtp-peer.ts';
import { type BounceReceiver, startBounceReceiver } from '../worker/bounce-receiver.ts';
import type { EmailGateway } from './channels/gateway.ts';
import { createSmtpGateway } from './channels/smtp.ts';
import { sendEmailActivities } from './send-email.ts';

const log = pino({ level: 'silent' });
let h: Harness;
let receiver: BounceReceiver;
let mta: BouncingMta;
let email: EmailGateway;
let templateId: string;
let n = 0;

before(async () => {
  h = await createHarness();
  receiver = await startBounceReceiver(
    { db: h.db, temporal: h.temporal, log, config: loadConfig() },
    { port: 0, host: '127.0.0.1' },
  );
  mta = await startBouncingMta(receiver.port);
  email = createSmtpGateway({
    host: '127.0.0.1',
    port: mta.port,
    secure: false,
    from: 'Tests <t@herald.local>',
  });
  templateId = (await createTemplate(h.db, welcomeTemplate)).id;
});
after(async () => {
  email.close();
  await mta.stop();
  await receiver.close();
  await h.close();
});

const message = (id: string) => h.db('messages').where({ id }).first();
const history = async (id: string) =>
  (await h.db('message_status_history').where({ message_id: id }).orderBy('id')).map(
    (r: { status: string; detail: string | null }) => r.status,
  );
async function send(address: string) {
  const c = await createCustomer(h.db, { email: address, firstName: 'Ola' });
  const { sendEmail } = sendEmailActivities({ db: h.db, email, log });
  const input = { idempotencyKey: `journey:bounce:${++n}`, customerId: c.id, templateId };
  return { customerId: c.id, input, result: await sendEmail(input), sendEmail };
}
const until = (id: string, status: string) =>
  eventually(async () => ((await message(id)).status === status ? true : undefined));

test('a 5xx at send time fails the message with the server’s words and flags the address', async () => {
  const { customerId, input, result, sendEmail } = await send(`gone@${REJECTED_DOMAIN}`);
  assert.equal(result.status, 'failed');
  const row = await message(result.messageId);
  assert.match(row.provider_response, /550 5\.1\.1 .*User unknown/);
  const contact = await h
    .db('contacts')
    .where({ customer_id: customerId, channel: 'email' })
    .first();
  assert.equal(contact.is_valid, false);
  const next = await sendEmail({ ...input, idempotencyKey: `${input.idempotencyKey}:next` });
  assert.equal(next.status, 'skipped');
  assert.match(
    (await message(next.messageId)).error,
    /email address gone@rejected\.example is invalid/,
  );
});

test('a hard-bounce DSN marks the message bounced and the address invalid, once', async () => {
  const { customerId, input, result, sendEmail } = await send(`nobody@${HARD_BOUNCE_DOMAIN}`);
  assert.equal(result.status, 'sent');
  await until(result.messageId, 'bounced');
  const row = await message(result.messageId);
  assert.equal(
    row.provider_response,
    `smtp; 550 5.1.1 <nobody@${HARD_BOUNCE_DOMAIN}>: user unknown`,
  );
  // The same DSN mailed again changes nothing.
  await mta.resend(mta.reports.find((r) => r.includes(`nobody@${HARD_BOUNCE_DOMAIN}`))!);
  assert.deepEqual(await history(result.messageId), ['sending', 'sent', 'bounced']);
  const contact = await h
    .db('contacts')
    .where({ customer_id: customerId, channel: 'email' })
    .first();
  assert.equal(contact.is_valid, false);
  const events = await h.db('events').where({ customer_id: customerId, type: 'email_bounced' });
  assert.equal(events.length, 1);
  const next = await sendEmail({ ...input, idempotencyKey: `${input.idempotencyKey}:next` });
  assert.equal(next.status, 'skipped');
  assert.match((await message(next.messageId)).error, /is invalid/);
});

test('a soft bounce (4.x.x) is noted and the message stays sent', async () => {
  const { customerId, result } = await send(`full@${SOFT_BOUNCE_DOMAIN}`);
  await eventually(async () =>
    (await history(result.messageId)).includes('delayed') ? true : undefined,
  );
  assert.equal((await message(result.messageId)).status, 'sent');
  const detail = await h
    .db('message_status_history')
    .where({ message_id: result.messageId, status: 'delayed' })
    .first();
  assert.match(detail.detail, /^4\.2\.2 .*mailbox full/);
  const contacts = await h.db('contacts').where({ customer_id: customerId, is_valid: false });
  assert.equal(contacts.length, 0);
});

test('an abuse complaint unsubscribes the customer from marketing email', async () => {
  const { customerId, input, result, sendEmail } = await send(`angry@${COMPLAINT_DOMAIN}`);
  await eventually(async () =>
    (await history(result.messageId)).includes('unsubscribed') ? true : undefined,
  );
  const subscription = await h
    .db('subscriptions')
    .where({ customer_id: customerId, channel: 'email' })
    .first();
  assert.equal(subscription.subscribed, false);
  assert.equal(subscription.source, 'complaint');
  const next = await sendEmail({ ...input, idempotencyKey: `${input.idempotencyKey}:next` });
  assert.equal(next.status, 'skipped');
  assert.match((await message(next.messageId)).error, /unsubscribed from promo email/);
});

test('mail that is no report of ours is accepted and ignored', async () => {
  await mta.resend(
    'From: someone@else.test\r\nTo: bounces@herald.local\r\nSubject: hello\r\n\r\nhi\r\n',
  );
  const bounced = await h.db('messages').where({ status: 'bounced' });
  assert.equal(bounced.length, 1);
});
