// SMS over SMPP, against a real SMSC made with the smpp package's server side: a gateway added
// through the api, sends through the sendMessage activity with real Postgres, and the SMSC's
// answers: success, a refused number, a throttled submit, a submit never answered, receipts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { loadConfig } from '../../core/config.ts';
import { createCustomer } from '../../db/customers.ts';
import { receiveDeliveryReport } from '../../entry/delivery-reports.ts';
import { insertTemplate } from '../../scripts/testing/gateway-registry.ts';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';
import {
  BUSY_ONCE_SUFFIX,
  INVALID_SUFFIX,
  SILENT_SUFFIX,
  type Smsc,
  SMSC_PASSWORD,
  SMSC_SYSTEM_ID,
  startSmsc,
} from '../../scripts/testing/smsc.ts';
import { sendMessageActivities } from '../send-message.ts';
import { createGatewayRegistry, type GatewayRegistry } from './registry.ts';

let h: Harness;
let smsc: Smsc;
let gateways: GatewayRegistry;
let gatewayId: string;
let templateId: string;
const log = pino({ level: 'silent' });
const config = loadConfig();

before(async () => {
  h = await createHarness();
  smsc = await startSmsc();
  const res = await h.api('/v1/gateways', {
    body: {
      name: 'Test SMSC',
      provider: 'smpp',
      settings: {
        host: '127.0.0.1',
        port: smsc.port,
        windowSize: 2,
        enquireLinkSeconds: 5,
        submitTimeoutSeconds: 1,
      },
      credentials: { systemId: SMSC_SYSTEM_ID, password: SMSC_PASSWORD },
      senders: ['Herald', '+15550001000'],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  gatewayId = res.body.gateway.id;
  templateId = await insertTemplate(h, {
    name: 'SMS hello',
    channel: 'sms',
    body: 'Hi {{ customer.firstName }}!',
  });
  const entryDeps = { db: h.db, temporal: h.temporal, log, config };
  gateways = createGatewayRegistry({
    db: h.db,
    secret: config.HERALD_SECRET,
    environmentEmail: undefined as never, // no email in these tests
    egress: config.EGRESS_ALLOW,
    log,
    onReport: async (id, report) => {
      if (!(await receiveDeliveryReport(entryDeps, { gatewayId: id, ...report })))
        throw new Error('unmatched receipt');
    },
  });
});
after(async () => {
  await gateways.close();
  await smsc.stop();
  await h.close();
});

const noEmail = () => Promise.reject(new Error('no email in these tests'));
const activity = () => sendMessageActivities({ db: h.db, log, gateways }, noEmail).sendMessage;
let n = 0;
async function smsTo(phone: string, template = templateId) {
  const c = await createCustomer(h.db, { phone, firstName: 'Sam' });
  return {
    idempotencyKey: `journey:sms:${++n}`,
    customerId: c.id,
    templateId: template,
    channel: 'sms' as const,
  };
}
const message = (id: string) => h.db('messages').where({ id }).first();
const history = async (id: string) =>
  (await h.db('message_status_history').where({ message_id: id }).orderBy('id')).map(
    (r: { status: string; detail: string | null }) => [r.status, r.detail],
  );

test('the api keeps the credentials sealed and never answers them', async () => {
  const res = await h.api(`/v1/gateways/${gatewayId}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.gateway.credentialFields, ['password', 'systemId']);
  assert.equal(JSON.stringify(res.body).includes(SMSC_PASSWORD), false);
  const row = await h.db('gateways').where({ id: gatewayId }).first();
  assert.equal(JSON.stringify(row).includes(SMSC_PASSWORD), false);
  assert.equal(res.body.gateway.isDefault, true, 'the first sms gateway is the default');

  const bad = await h.api('/v1/gateways', {
    body: {
      name: 'Bad',
      provider: 'smpp',
      settings: { host: 'x', port: 'twenty' },
      credentials: {},
    },
  });
  assert.equal(bad.status, 400);
  const fields = bad.body.error.problems.map((p: { field: string }) => p.field);
  assert.ok(fields.includes('settings.port'), fields.join());
  assert.ok(fields.includes('credentials.systemId'), fields.join());
  const wrongChannel = await h.api('/v1/gateways', {
    body: {
      name: 'Bad',
      provider: 'smpp',
      channel: 'email',
      settings: { host: 'x' },
      credentials: { systemId: 'a', password: '' },
    },
  });
  assert.equal(wrongChannel.status, 400);
  assert.match(JSON.stringify(wrongChannel.body), /smpp sends sms/);
});

test('a short text goes out as one GSM-7 part, recording gateway, sender and the SMSC id', async () => {
  const input = await smsTo('+14155550101');
  const result = await activity()(input);
  assert.equal(result.status, 'sent');
  const [sms] = (await smsc.waitFor(1)).filter((m) => m.to === '14155550101');
  assert.equal(sms!.text, 'Hi Sam!');
  assert.equal(sms!.from, 'Herald');
  assert.equal(sms!.dataCoding, 0);
  const row = await message(result.messageId);
  assert.equal(row.gateway_id, gatewayId);
  assert.equal(row.sender, 'Herald');
  assert.equal(row.provider_message_id, sms!.ids[0]);
  assert.equal(row.parts, 1);
  assert.match(row.provider_response, /accepted by 127\.0\.0\.1/);

  // The SMSC's receipt moves the message to delivered, and becomes an sms_delivered event.
  await smsc.receipt(sms!.ids[0]!, 'DELIVRD');
  await eventually(async () =>
    (await message(result.messageId)).status === 'delivered' ? true : undefined,
  );
  const statuses = await history(result.messageId);
  assert.deepEqual(statuses.at(-1), ['delivered', 'stat:DELIVRD err:000']);
  const events = await h
    .db('events')
    .where({ customer_id: input.customerId, type: 'sms_delivered' });
  assert.equal(events.length, 1);
  // The same send again is the same message: nothing more reaches the SMSC.
  assert.deepEqual(await activity()(input), { messageId: result.messageId, status: 'sent' });
});

test('a long text is split with UDH; a non-GSM text goes as UCS-2', async () => {
  const before = smsc.messages.length;
  const long = await insertTemplate(h, {
    name: 'Long',
    channel: 'sms',
    body: `a${'b'.repeat(199)}`,
  });
  const latin = await activity()(await smsTo('+14155550102', long));
  const cyr = await insertTemplate(h, {
    name: 'Cyrillic',
    channel: 'sms',
    body: 'Привет, {{ customer.firstName }}! '.repeat(12),
  });
  const unicode = await activity()(await smsTo('+14155550103', cyr));
  await smsc.waitFor(before + 2);
  const got = (to: string) => smsc.messages.find((m) => m.to === to)!;
  assert.equal(got('14155550102').text, `a${'b'.repeat(199)}`);
  assert.equal(got('14155550102').ids.length, 2);
  assert.equal(got('14155550102').dataCoding, 0);
  assert.equal(got('14155550103').dataCoding, 8);
  assert.equal(got('14155550103').text, 'Привет, Sam! '.repeat(12).trim());
  assert.equal(got('14155550103').ids.length, 3);
  assert.equal((await message(latin.messageId)).parts, 2);
  assert.equal((await message(unicode.messageId)).parts, 3);

  // Delivered only when every part is.
  const parts = got('14155550102').ids;
  await smsc.receipt(parts[0]!, 'DELIVRD');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await message(latin.messageId)).status, 'sent');
  await smsc.receipt(parts[1]!, 'DELIVRD');
  await eventually(async () =>
    (await message(latin.messageId)).status === 'delivered' ? true : undefined,
  );
});

test('a number the SMSC refuses fails for good and is flagged invalid', async () => {
  const input = await smsTo(`+1415555${INVALID_SUFFIX}`);
  const submits = smsc.submits;
  const result = await activity()(input);
  assert.equal(result.status, 'failed');
  assert.equal(smsc.submits, submits + 1, 'not retried');
  const row = await message(result.messageId);
  assert.match(row.error, /ESME_RINVDSTADR/);
  const contact = await h
    .db('contacts')
    .where({ customer_id: input.customerId, channel: 'sms' })
    .first();
  assert.equal(contact.is_valid, false);
  // The next send to that customer is skipped with the reason, without reaching the SMSC.
  const next = await activity()({ ...input, idempotencyKey: `${input.idempotencyKey}:again` });
  assert.equal(next.status, 'skipped');
  assert.match((await message(next.messageId)).error, /invalid/);
  assert.equal(smsc.submits, submits + 1);
});

test('a throttled submit is retried and sent once', async () => {
  const input = await smsTo(`+1415555${BUSY_ONCE_SUFFIX}`);
  await assert.rejects(
    activity()(input),
    (err: unknown) =>
      err instanceof ApplicationFailure && !err.nonRetryable && /ESME_RTHROTTLED/.test(err.message),
  );
  const retry = await activity()(input);
  assert.equal(retry.status, 'sent');
  const got = smsc.messages.filter((m) => m.to === `1415555${BUSY_ONCE_SUFFIX}`);
  assert.equal(got.length, 1);
});

test('a submit the SMSC never answers is recorded unknown and never sent twice', async () => {
  const input = await smsTo(`+1415555${SILENT_SUFFIX}`);
  const submits = smsc.submits;
  const result = await activity()(input);
  assert.equal(result.status, 'unknown');
  assert.match((await message(result.messageId)).error, /no submit_sm_resp/);
  assert.deepEqual(await activity()(input), result);
  assert.equal(smsc.submits, submits + 1);
});

test('the window bounds submits in flight; the session re-binds after the SMSC drops it', async () => {
  smsc.answerDelayMs = 100;
  smsc.maxInFlight = 0;
  const inputs = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => smsTo(`+1415556000${i}`)));
  const results = await Promise.all(inputs.map((i) => activity()(i)));
  smsc.answerDelayMs = 0;
  assert.deepEqual(
    results.map((r) => r.status),
    Array(6).fill('sent'),
  );
  assert.equal(smsc.maxInFlight, 2);

  const binds = smsc.binds;
  smsc.dropAll();
  // Re-bound without a send, so that receipts keep coming.
  await eventually(() => Promise.resolve(smsc.binds > binds ? true : undefined), 10_000);
  const after = await activity()(await smsTo('+14155560009'));
  assert.equal(after.status, 'sent');
  // enquire_link keeps the idle session alive (every 5 s here).
  await eventually(() => Promise.resolve(smsc.enquireLinks > 0 ? true : undefined), 12_000);
});

test('test connection binds with the credentials, or says why the SMSC refused', async () => {
  await h.startWorker();
  const ok = await h.api(`/v1/gateways/${gatewayId}/test`, { body: {} });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.ok, true);
  assert.match(ok.body.detail, /bound to 127\.0\.0\.1/);
  const patched = await h.api(`/v1/gateways/${gatewayId}`, {
    method: 'PATCH',
    body: { credentials: { systemId: SMSC_SYSTEM_ID, password: 'wrong' } },
  });
  assert.equal(patched.status, 200);
  const refused = await h.api(`/v1/gateways/${gatewayId}/test`, { body: {} });
  assert.equal(refused.body.ok, false);
  assert.match(refused.body.detail, /ESME_RINVPASWD/);
  // The worker's start made the environment's SMTP the default email gateway.
  const list = await h.api('/v1/gateways');
  const email = list.body.gateways.find((g: { channel: string }) => g.channel === 'email');
  assert.equal(email.managedBy, 'environment');
  assert.equal(email.isDefault, true);
  const change = await h.api(`/v1/gateways/${email.id}`, {
    method: 'PATCH',
    body: { name: 'Mine' },
  });
  assert.equal(change.status, 409);
});
