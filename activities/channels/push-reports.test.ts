// Push delivery reports that move a message's status. Huawei Push Kit posts receipts to the
// gateway's callback URL (signed in X-HUAWEI-CALLBACK-ID): status 0 delivers, 2 fails and
// deactivates the device, 201 (held) changes nothing. FCM and APNs report nothing back, so the
// app posts the push's signed heraldReceipt to /callbacks/push: "delivered" moves the message,
// "opened" records the open (once), and a receipt Herald did not sign for a push is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../core/config.ts';
import type { DevicePlatform } from '../../core/push-gateways.ts';
import { trackingToken } from '../../core/tracking.ts';
import { createCustomer } from '../../db/customers.ts';
import { registerDevice } from '../../db/devices.ts';
import { startApnsPeer } from '../../scripts/testing/apns-peer.ts';
import { startFcmPeer } from '../../scripts/testing/fcm-peer.ts';
import { insertTemplate, testGatewayRegistry } from '../../scripts/testing/gateway-registry.ts';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import {
  type HuaweiPeer,
  postHuaweiReceipt,
  startHuaweiPeer,
} from '../../scripts/testing/huawei-peer.ts';
import { peerGateway } from '../../scripts/testing/push-gateways.ts';
import type { PushPeer } from '../../scripts/testing/push-peer-common.ts';
import { sendMessageActivities } from '../send-message.ts';
import type { GatewayRegistry } from './registry.ts';
import pino from 'pino';

const config = loadConfig();
const log = pino({ level: 'silent' });
const RECEIPTS = { userName: 'herald-receipts', key: 'receipt-key-5b1e' };
let h: Harness;
let gateways: GatewayRegistry;
let templateId: string;
let n = 0;

before(async () => {
  h = await createHarness();
  gateways = testGatewayRegistry(h);
  templateId = await insertTemplate(h, { name: 'Sale push', channel: 'push', body: 'Sale today' });
});
after(async () => {
  await gateways.close();
  await h.close();
});

const noEmail = () => Promise.reject(new Error('no email in these tests'));
const message = (id: string) => h.db('messages').where({ id }).first();
const events = (customerId: string, type: string) =>
  h.db('events').where({ customer_id: customerId, type });
const history = async (id: string) =>
  (
    await h
      .db('message_status_history')
      .where({ message_id: id })
      .orderBy('id')
      .select<{ status: string; detail: string | null }[]>('status', 'detail')
  ).map((r) => [r.status, r.detail]);

/** A customer with one device of the platform, pushed to once: the sent message and its device. */
async function pushed(platform: DevicePlatform, token: string) {
  const c = await createCustomer(h.db, { firstName: 'Ana' });
  const { row } = await registerDevice(h.db, c.id, { platform, token });
  const send = sendMessageActivities({ db: h.db, log, gateways }, noEmail).sendMessage;
  const result = await send({
    idempotencyKey: `journey:push-reports:${++n}`,
    customerId: c.id,
    templateId,
    channel: 'push',
  });
  assert.equal(result.status, 'sent');
  return { customerId: c.id, deviceId: row.id, messageId: result.messageId };
}

describe('Huawei Push Kit receipts', () => {
  let peer: HuaweiPeer;
  let callbackUrl: string;
  before(async () => {
    peer = await startHuaweiPeer();
    const res = await h.api('/v1/gateways', {
      body: {
        name: 'Huawei',
        provider: 'huawei',
        settings: peerGateway.huawei(peer, 2).settings,
        credentials: {
          ...peerGateway.huawei(peer, 2).credentials,
          receiptUserName: RECEIPTS.userName,
          receiptKey: RECEIPTS.key,
        },
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.gateway.credentialFields.sort(), [
      'clientSecret',
      'receiptKey',
      'receiptUserName',
    ]);
    callbackUrl = `${h.apiUrl}${new URL(res.body.gateway.statusCallbackUrl as string).pathname}`;
  });
  after(() => peer.stop());

  const sentTo = (token: string) => peer.messages.find((m) => m.token === token)!;

  test('status 0 delivers the message once; a receipt not signed with the key is refused', async () => {
    const token = `IQAAAACyReceipt${++n}`;
    const { messageId, customerId } = await pushed('huawei', token);
    const got = sentTo(token);
    assert.equal(got.biTag, messageId, 'bi_tag carries our message ID');
    const receipt = { token, requestId: got.requestId!, biTag: got.biTag, status: 0 };

    assert.equal((await postHuaweiReceipt(callbackUrl, [receipt])).status, 401);
    const forged = await postHuaweiReceipt(callbackUrl, [receipt], { ...RECEIPTS, key: 'guess' });
    assert.equal(forged.status, 401);
    assert.equal((await message(messageId)).status, 'sent');

    const ok = await postHuaweiReceipt(callbackUrl, [receipt], RECEIPTS);
    assert.deepEqual(ok, { status: 200, body: { errno: '0', errmsg: 'success' } });
    assert.equal((await message(messageId)).status, 'delivered');
    assert.deepEqual((await history(messageId)).at(-1), [
      'delivered',
      'Huawei receipt 0: delivered',
    ]);
    // Posted again (Push Kit retries): nothing moves, one event.
    await postHuaweiReceipt(callbackUrl, [receipt], RECEIPTS);
    assert.equal((await events(customerId, 'push_delivered')).length, 1);
  });

  test('status 201 (held) changes nothing; status 2 fails the message and deactivates the device', async () => {
    const token = `IQAAAACyGone${++n}`;
    const { messageId, deviceId, customerId } = await pushed('huawei', token);
    const { requestId } = sentTo(token);
    const held = await postHuaweiReceipt(
      callbackUrl,
      [{ token, requestId: requestId!, status: 201 }],
      RECEIPTS,
    );
    assert.equal(held.status, 200);
    assert.equal((await message(messageId)).status, 'sent');

    await postHuaweiReceipt(callbackUrl, [{ token, requestId: requestId!, status: 2 }], RECEIPTS);
    const row = await message(messageId);
    assert.equal(row.status, 'failed');
    assert.equal(row.error, 'Huawei receipt 2: the app is not installed');
    const device = await h.db('devices').where({ id: deviceId }).first();
    assert.equal(device.active, false);
    assert.equal(device.deactivated_reason, 'Huawei receipt 2: the app is not installed');
    assert.equal((await events(customerId, 'push_failed')).length, 1);
  });

  test('a body not in Push Kit’s shape is a 400 naming statuses', async () => {
    const res = await fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ results: [] }),
    });
    // Unsigned: refused before it is read.
    assert.equal(res.status, 401);
    const signed = await postHuaweiReceipt(
      callbackUrl,
      [{ token: 'x', requestId: '', status: 0 }],
      RECEIPTS,
    );
    assert.equal(signed.status, 400);
    assert.match(JSON.stringify(signed.body), /statuses/);
  });
});

interface AppProvider {
  name: 'fcm' | 'apns';
  platform: DevicePlatform;
  start(): Promise<PushPeer>;
  gateway(peer: PushPeer): object;
  token(): string;
}

const appProviders: AppProvider[] = [
  {
    name: 'fcm',
    platform: 'fcm',
    start: startFcmPeer,
    gateway: (peer) => peerGateway.fcm(peer, 5),
    token: () => `fcm-token:APA91bReceipt${++n}x5678`,
  },
  {
    name: 'apns',
    platform: 'apns',
    start: startApnsPeer,
    gateway: (peer) => peerGateway.apns(peer, 5),
    token: () => `${String(++n).padStart(4, '0')}${'cd'.repeat(28)}5678`,
  },
];

for (const provider of appProviders)
  describe(`${provider.name}: the app reports delivered and opened`, () => {
    let peer: PushPeer;
    before(async () => {
      peer = await provider.start();
      const res = await h.api('/v1/gateways', {
        body: { name: provider.name, provider: provider.name, ...provider.gateway(peer) },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    });
    after(() => peer.stop());

    const report = (receipt: unknown, event: unknown) =>
      fetch(`${h.apiUrl}/callbacks/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt, event }),
      });

    test('the push’s receipt moves it to delivered, then records one open', async () => {
      const token = provider.token();
      const { messageId, customerId } = await pushed(provider.platform, token);
      const data = peer.messages.find((m) => m.token === token)!.data;
      assert.equal(data.heraldMessageId, messageId);
      const receipt = data.heraldReceipt as string;
      assert.match(receipt, new RegExp(`^${messageId}\\.`));

      assert.equal((await report(receipt, 'delivered')).status, 204);
      assert.equal((await message(messageId)).status, 'delivered');
      assert.deepEqual((await history(messageId)).at(-1), [
        'delivered',
        'delivered, reported by the app',
      ]);
      assert.equal((await report(receipt, 'opened')).status, 204);
      assert.equal((await report(receipt, 'opened')).status, 204);
      const row = await message(messageId);
      assert.equal(row.status, 'delivered');
      assert.ok(row.opened_at, 'the first open is on the row');
      assert.equal((await events(customerId, 'push_delivered')).length, 1);
      assert.equal((await events(customerId, 'push_opened')).length, 1);
    });

    test('an open reported first also delivers; a receipt Herald did not sign for a push is refused', async () => {
      const token = provider.token();
      const { messageId } = await pushed(provider.platform, token);
      const receipt = peer.messages.find((m) => m.token === token)!.data.heraldReceipt as string;
      const forged = `${messageId}.${'A'.repeat(22)}`;
      assert.equal((await report(forged, 'opened')).status, 404);
      // The open pixel's token of the same message is not a push receipt.
      const pixel = trackingToken(config.HERALD_SECRET, 'open', messageId);
      assert.equal((await report(pixel, 'delivered')).status, 404);
      const bad = await report(receipt, 'read');
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /event/);
      assert.equal((await message(messageId)).status, 'sent');

      assert.equal((await report(receipt, 'opened')).status, 204);
      assert.equal((await message(messageId)).status, 'delivered');
    });
  });
