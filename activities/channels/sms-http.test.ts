// SMS through HTTP providers against local servers that speak their APIs: Twilio (through the
// twilio package with a custom httpClient) and a generic provider whose request and delivery
// reports are configuration. Each: success, a refused number, a busy answer, no answer, and a
// delivery report posted to the api that moves the status.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { createCustomer } from '../../db/customers.ts';
import { insertTemplate, testGatewayRegistry } from '../../scripts/testing/gateway-registry.ts';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';
import {
  type SmsHttpPeer,
  startGenericSmsPeer,
  startTwilioPeer,
} from '../../scripts/testing/sms-http-peers.ts';
import { BUSY_ONCE_SUFFIX, INVALID_SUFFIX, SILENT_SUFFIX } from '../../scripts/testing/smsc.ts';
import { sendMessageActivities } from '../send-message.ts';
import type { GatewayRegistry } from './registry.ts';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'twilio-test-token';
const API_KEY = 'generic-key';
const log = pino({ level: 'silent' });

let h: Harness;
let gateways: GatewayRegistry;
let templateId: string;

before(async () => {
  h = await createHarness();
  gateways = testGatewayRegistry(h);
  templateId = await insertTemplate(h, {
    name: 'SMS code',
    channel: 'sms',
    body: 'Code for {{ customer.firstName }}: 1234',
  });
});
after(async () => {
  await gateways.close();
  await h.close();
});

const noEmail = () => Promise.reject(new Error('no email in these tests'));
const activity = () => sendMessageActivities({ db: h.db, log, gateways }, noEmail).sendMessage;
let n = 0;
const message = (id: string) => h.db('messages').where({ id }).first();

interface Provider {
  name: string;
  start(): Promise<SmsHttpPeer>;
  gateway(peer: SmsHttpPeer): object;
  delivered: string;
  failed: [status: string, code: string];
}

const providers: Provider[] = [
  {
    name: 'twilio',
    start: () => startTwilioPeer(ACCOUNT_SID, AUTH_TOKEN),
    gateway: (peer) => ({
      provider: 'twilio',
      settings: { apiBaseUrl: peer.url, timeoutSeconds: 1 },
      credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      senders: ['+15550001111'],
    }),
    delivered: 'delivered',
    failed: ['undelivered', '30005'],
  },
  {
    name: 'http',
    start: () => startGenericSmsPeer(API_KEY),
    gateway: (peer) => ({
      provider: 'http',
      settings: {
        url: `${peer.url}/send`,
        fields: {
          phone: '{{ to }}',
          msg: '{{ text }}',
          sender: '{{ from }}',
          dlr: '{{ statusCallbackUrl }}',
        },
        messageIdPath: 'result.id',
        invalidNumberText: 'invalid number',
        timeoutSeconds: 1,
        report: {
          idField: 'msgid',
          statusField: 'state',
          delivered: ['DELIVERED'],
          failed: ['FAILED'],
          errorField: 'err',
        },
      },
      credentials: { headers: { 'x-api-key': API_KEY } },
      senders: ['Shop'],
    }),
    delivered: 'DELIVERED',
    failed: ['FAILED', 'absent subscriber'],
  },
];

for (const provider of providers)
  describe(provider.name, () => {
    let peer: SmsHttpPeer;
    let gatewayId: string;
    before(async () => {
      peer = await provider.start();
      const res = await h.api('/v1/gateways', {
        body: { name: provider.name, isDefault: true, ...provider.gateway(peer) },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      gatewayId = res.body.gateway.id;
      assert.match(
        res.body.gateway.statusCallbackUrl,
        new RegExp(`/callbacks/gateways/${gatewayId}/`),
      );
    });
    after(() => peer.stop());

    async function smsTo(phone: string) {
      const c = await createCustomer(h.db, { phone, firstName: 'Ana' });
      return {
        idempotencyKey: `journey:${provider.name}:${++n}`,
        customerId: c.id,
        templateId,
        channel: 'sms' as const,
      };
    }

    test('sends, records the provider ID, and a delivery report moves it to delivered', async () => {
      const input = await smsTo('+14155550123');
      const result = await activity()(input);
      assert.equal(result.status, 'sent');
      const sent = peer.messages.find((m) => m.to === '+14155550123')!;
      assert.equal(sent.text, 'Code for Ana: 1234');
      const row = await message(result.messageId);
      assert.equal(row.gateway_id, gatewayId);
      assert.equal(row.provider_message_id, sent.id);
      assert.equal(row.sender, provider.name === 'twilio' ? '+15550001111' : 'Shop');
      assert.equal(await peer.report(sent.id, provider.delivered), 204);
      await eventually(async () =>
        (await message(result.messageId)).status === 'delivered' ? true : undefined,
      );
      const events = await h
        .db('events')
        .where({ customer_id: input.customerId, type: 'sms_delivered' });
      assert.equal(events.length, 1);
    });

    test('a failed delivery report fails the message with the provider’s words', async () => {
      const input = await smsTo('+14155550124');
      const result = await activity()(input);
      const sent = peer.messages.find((m) => m.to === '+14155550124')!;
      assert.equal(await peer.report(sent.id, ...provider.failed), 204);
      await eventually(async () =>
        (await message(result.messageId)).status === 'failed' ? true : undefined,
      );
      assert.equal((await message(result.messageId)).error, provider.failed.join(' '));
      // Twilio's 30005 (unknown handset) says the number itself is bad.
      const contact = await h
        .db('contacts')
        .where({ customer_id: input.customerId, channel: 'sms' })
        .first();
      assert.equal(contact.is_valid, provider.name !== 'twilio');
    });

    test('a refused number fails for good and is flagged invalid', async () => {
      const input = await smsTo(`+1415555${INVALID_SUFFIX}`);
      const sends = peer.sends;
      const result = await activity()(input);
      assert.equal(result.status, 'failed');
      assert.equal(peer.sends, sends + 1);
      assert.match(
        (await message(result.messageId)).error,
        /not a valid phone number|invalid number/,
      );
      const contact = await h
        .db('contacts')
        .where({ customer_id: input.customerId, channel: 'sms' })
        .first();
      assert.equal(contact.is_valid, false);
    });

    test('a busy provider is retried and the message sent once', async () => {
      const input = await smsTo(`+1415555${BUSY_ONCE_SUFFIX}`);
      await assert.rejects(
        activity()(input),
        (err: unknown) => err instanceof ApplicationFailure && !err.nonRetryable,
      );
      assert.equal((await activity()(input)).status, 'sent');
      assert.equal(peer.messages.filter((m) => m.to === `+1415555${BUSY_ONCE_SUFFIX}`).length, 1);
    });

    test('no answer is recorded unknown and never sent twice', async () => {
      const input = await smsTo(`+1415555${SILENT_SUFFIX}`);
      const sends = peer.sends;
      const result = await activity()(input);
      assert.equal(result.status, 'unknown');
      assert.match((await message(result.messageId)).error, /did not answer within 1 s/);
      assert.deepEqual(await activity()(input), result);
      assert.equal(peer.sends, sends + 1);
    });

    test('a callback without the gateway’s token is refused', async () => {
      const res = await fetch(`${h.apiUrl}/callbacks/gateways/${gatewayId}/not-the-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'MessageSid=x&MessageStatus=delivered&msgid=x&state=DELIVERED',
      });
      assert.equal(res.status, 401);
    });
  });

test('a Twilio status callback with a forged X-Twilio-Signature changes nothing', async () => {
  const peer = await startTwilioPeer(ACCOUNT_SID, 'another-token');
  const res = await h.api('/v1/gateways', {
    body: {
      name: 'twilio-forged',
      isDefault: true,
      provider: 'twilio',
      settings: { apiBaseUrl: peer.url },
      credentials: { accountSid: ACCOUNT_SID, authToken: 'another-token' },
      senders: ['+15550002222'],
    },
  });
  const c = await createCustomer(h.db, { phone: '+14155550125', firstName: 'Bo' });
  const result = await activity()({
    idempotencyKey: 'journey:forged:1',
    customerId: c.id,
    templateId,
    channel: 'sms',
  });
  const sent = peer.messages[0]!;
  const url = res.body.gateway.statusCallbackUrl as string;
  const forged = await fetch(url.replace('http://localhost:4000', h.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' },
    body: new URLSearchParams({ MessageSid: sent.id, MessageStatus: 'delivered' }).toString(),
  });
  assert.equal(forged.status, 401);
  assert.equal((await message(result.messageId)).status, 'sent');
  assert.equal(await peer.report(sent.id, 'delivered'), 204);
  await eventually(async () =>
    (await message(result.messageId)).status === 'delivered' ? true : undefined,
  );

  // Test connection, on a worker: the account's name, or Twilio's refusal in its words.
  await h.startWorker();
  const ok = await h.api(`/v1/gateways/${res.body.gateway.id}/test`, { body: {} });
  assert.deepEqual([ok.body.ok, ok.body.detail], [true, 'Twilio account "Herald tests" (active)']);
  await h.api(`/v1/gateways/${res.body.gateway.id}`, {
    method: 'PATCH',
    body: { credentials: { accountSid: ACCOUNT_SID, authToken: 'wrong' } },
  });
  const refused = await h.api(`/v1/gateways/${res.body.gateway.id}/test`, { body: {} });
  assert.equal(refused.body.ok, false);
  assert.match(refused.body.detail, /Twilio 401 20003: Authenticate/);
  await peer.stop();
});
