// Viber through Infobip's API against a local server that speaks it: text with an image and a
// button, a rejected number (failed for good, the phone flagged, the next send skipped), a busy
// answer (retried, sent once), no answer (unknown, never sent twice), delivery and seen reports
// posted to the gateway's callback URL moving the status, and "test connection" in Infobip's words.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { createCustomer } from '../../db/customers.ts';
import { insertTemplate, testGatewayRegistry } from '../../scripts/testing/gateway-registry.ts';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';
import { type InfobipPeer, startInfobipPeer } from '../../scripts/testing/infobip-peer.ts';
import { BUSY_ONCE_SUFFIX, INVALID_SUFFIX, SILENT_SUFFIX } from '../../scripts/testing/smsc.ts';
import { sendMessageActivities } from '../send-message.ts';
import type { GatewayRegistry } from './registry.ts';

const API_KEY = 'infobip-test-key';
const log = pino({ level: 'silent' });

let h: Harness;
let peer: InfobipPeer;
let gateways: GatewayRegistry;
let gatewayId: string;
let templateId: string;

before(async () => {
  h = await createHarness();
  peer = await startInfobipPeer(API_KEY);
  gateways = testGatewayRegistry(h);
  const res = await h.api('/v1/gateways', {
    body: {
      name: 'Infobip Viber',
      provider: 'infobip',
      settings: { baseUrl: peer.url, timeoutSeconds: 1 },
      credentials: { apiKey: API_KEY },
      senders: ['HeraldShop'],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.gateway.channel, 'viber');
  assert.equal(res.body.gateway.isDefault, true);
  assert.deepEqual(res.body.gateway.credentialFields, ['apiKey']);
  assert.equal(JSON.stringify(res.body).includes(API_KEY), false);
  gatewayId = res.body.gateway.id;
  templateId = await insertTemplate(h, {
    name: 'Viber offer',
    channel: 'viber',
    body: 'Hi {{ customer.firstName }}, your offer is ready',
    content: {
      imageUrl: 'https://shop.example/offer.png',
      buttonText: 'Open offer',
      buttonUrl: 'https://shop.example/offer?c={{ customer.firstName }}',
    },
  });
});
after(async () => {
  await gateways.close();
  await peer.stop();
  await h.close();
});

const activity = () =>
  sendMessageActivities({ db: h.db, log, gateways }, () => Promise.reject(new Error('no email')))
    .sendMessage;
let n = 0;
const message = (id: string) => h.db('messages').where({ id }).first();
const history = async (id: string) =>
  (
    await h.db('message_status_history').where({ message_id: id }).orderBy('id').select('status')
  ).map((r: { status: string }) => r.status);

async function viberTo(phone: string) {
  const c = await createCustomer(h.db, { phone, firstName: 'Ana' });
  return {
    idempotencyKey: `journey:viber:${++n}`,
    customerId: c.id,
    templateId,
    channel: 'viber' as const,
  };
}

test('test connection answers with the account, or Infobip’s refusal in its words', async () => {
  assert.deepEqual(await gateways.test(gatewayId), {
    ok: true,
    detail: 'Infobip account balance 42.5 EUR',
  });
  const wrong = await h.api('/v1/gateways', {
    body: {
      name: 'Infobip wrong key',
      provider: 'infobip',
      settings: { baseUrl: peer.url },
      credentials: { apiKey: 'not-the-key' },
    },
  });
  assert.deepEqual(await gateways.test(wrong.body.gateway.id), {
    ok: false,
    detail: 'Infobip 401: UNAUTHORIZED Invalid login details',
  });
});

test('sends text, image and button; delivery and seen reports move the status', async () => {
  const input = await viberTo('+14155550150');
  const result = await activity()(input);
  assert.equal(result.status, 'sent');
  const sent = peer.messages.find((m) => m.to === '14155550150')!;
  assert.equal(sent.sender, 'HeraldShop');
  assert.deepEqual(sent.content, {
    type: 'IMAGE',
    mediaUrl: 'https://shop.example/offer.png',
    text: 'Hi Ana, your offer is ready',
    button: { text: 'Open offer', url: 'https://shop.example/offer?c=Ana' },
  });
  const row = await message(result.messageId);
  assert.equal(row.gateway_id, gatewayId);
  assert.equal(row.provider_message_id, sent.id);
  assert.match(row.provider_response, /PENDING_ACCEPTED/);
  assert.equal(await peer.report(sent.id, 'DELIVERED'), 204);
  await eventually(async () =>
    (await message(result.messageId)).status === 'delivered' ? true : undefined,
  );
  // Seen twice (a provider retrying its post): opened once.
  assert.equal(await peer.seen(sent.id), 204);
  assert.equal(await peer.seen(sent.id), 204);
  assert.deepEqual(await history(result.messageId), ['sending', 'sent', 'delivered', 'opened']);
  const events = await h.db('events').where({ customer_id: input.customerId }).orderBy('type');
  assert.deepEqual(
    events.map((e: { type: string }) => e.type),
    ['viber_delivered', 'viber_opened'],
  );
});

test('an undeliverable report fails the message and flags an unknown subscriber', async () => {
  const input = await viberTo('+14155550151');
  const result = await activity()(input);
  const sent = peer.messages.find((m) => m.to === '14155550151')!;
  assert.equal(await peer.report(sent.id, 'UNDELIVERABLE', 'EC_UNKNOWN_SUBSCRIBER'), 204);
  await eventually(async () =>
    (await message(result.messageId)).status === 'failed' ? true : undefined,
  );
  assert.match((await message(result.messageId)).error, /UNDELIVERABLE.*EC_UNKNOWN_SUBSCRIBER/);
  const contact = await h.db('contacts').where({ customer_id: input.customerId }).first();
  assert.equal(contact.is_valid, false);
});

test('a rejected number fails for good, is flagged, and the next send is skipped', async () => {
  const input = await viberTo(`+1415555${INVALID_SUFFIX}`);
  const sends = peer.sends;
  const result = await activity()(input);
  assert.equal(result.status, 'failed');
  assert.equal(peer.sends, sends + 1);
  assert.equal(
    (await message(result.messageId)).provider_response,
    'Infobip REJECTED REJECTED_DESTINATION: Invalid destination address',
  );
  const next = await activity()({ ...input, idempotencyKey: `${input.idempotencyKey}:again` });
  assert.equal(next.status, 'skipped');
  assert.match((await message(next.messageId)).error, /viber address .* is invalid/);
  assert.equal(peer.sends, sends + 1);
});

test('a busy provider is retried and the message sent once', async () => {
  const input = await viberTo(`+1415555${BUSY_ONCE_SUFFIX}`);
  await assert.rejects(
    activity()(input),
    (err: unknown) => err instanceof ApplicationFailure && !err.nonRetryable,
  );
  assert.equal((await activity()(input)).status, 'sent');
  assert.equal(peer.messages.filter((m) => m.to === `1415555${BUSY_ONCE_SUFFIX}`).length, 1);
});

test('no answer is recorded unknown and never sent twice', async () => {
  const input = await viberTo(`+1415555${SILENT_SUFFIX}`);
  const sends = peer.sends;
  const result = await activity()(input);
  assert.equal(result.status, 'unknown');
  assert.match((await message(result.messageId)).error, /Infobip did not answer within 1 s/);
  assert.deepEqual(await activity()(input), result);
  assert.equal(peer.sends, sends + 1);
});

test('a customer who unsubscribed from Viber is skipped with the reason', async () => {
  const input = await viberTo('+14155550152');
  await h.db('subscriptions').insert({
    customer_id: input.customerId,
    channel: 'viber',
    messaging_type: 'all',
    subscribed: false,
  });
  const result = await activity()(input);
  assert.equal(result.status, 'skipped');
  assert.match((await message(result.messageId)).error, /unsubscribed from promo viber/);
});

test('reports without the gateway’s token, or not in Infobip’s shape, are refused', async () => {
  const url = `${h.apiUrl}/callbacks/gateways/${gatewayId}/not-the-token`;
  const body = JSON.stringify({
    results: [{ messageId: 'x', status: { groupName: 'DELIVERED' } }],
  });
  const headers = { 'content-type': 'application/json' };
  assert.equal((await fetch(url, { method: 'POST', headers, body })).status, 401);
  const gateway = await h.api(`/v1/gateways/${gatewayId}`);
  const path = new URL(gateway.body.gateway.statusCallbackUrl as string).pathname;
  const bad = await fetch(`${h.apiUrl}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ results: 'delivered' }),
  });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(await bad.json()), /results/);
});
