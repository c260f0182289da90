// Push through FCM (firebase-admin, HTTPS with a test CA), APNs (@parse/node-apn over HTTP/2)
// and Huawei Push Kit, each against a local peer that speaks its protocol: success with the
// template's title, text, image and deep link; a token the provider calls gone (failed for good,
// device deactivated, never asked again); a busy provider (retried, sent once); no answer
// (unknown, never sent twice); and "test connection" on a worker, in the provider's words.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { loadConfig } from '../../core/config.ts';
import type { DevicePlatform } from '../../core/push-gateways.ts';
import { createCustomer } from '../../db/customers.ts';
import { registerDevice } from '../../db/devices.ts';
import { reachability } from '../../db/reachability.ts';
import { startApnsPeer } from '../../scripts/testing/apns-peer.ts';
import { startFcmPeer } from '../../scripts/testing/fcm-peer.ts';
import { insertTemplate } from '../../scripts/testing/gateway-registry.ts';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import { startHuaweiPeer } from '../../scripts/testing/huawei-peer.ts';
import { peerGateway } from '../../scripts/testing/push-gateways.ts';
import type { PushPeer } from '../../scripts/testing/push-peer-common.ts';
import { BUSY_ONCE_SUFFIX, INVALID_SUFFIX, SILENT_SUFFIX } from '../../scripts/testing/smsc.ts';
import { sendMessageActivities } from '../send-message.ts';
import { createGatewayRegistry, type GatewayRegistry } from './registry.ts';

const log = pino({ level: 'silent' });
const config = loadConfig();
let h: Harness;
let gateways: GatewayRegistry;
let templateId: string;

before(async () => {
  h = await createHarness();
  gateways = createGatewayRegistry({
    db: h.db,
    secret: config.HERALD_SECRET,
    environmentEmail: undefined as never,
    egress: config.EGRESS_ALLOW,
    log,
    onReport: () => Promise.resolve(),
  });
  templateId = await insertTemplate(h, {
    name: 'Shipped push',
    channel: 'push',
    subject: 'Shipped, {{ customer.firstName }}',
    body: 'Your parcel is on its way',
    content: {
      imageUrl: 'https://shop.example/parcel.png',
      deepLink: 'https://shop.example/orders/{{ event.properties.orderId }}',
    },
  });
});
after(async () => {
  await gateways.close();
  await h.close();
});

const noEmail = () => Promise.reject(new Error('no email in these tests'));
const activity = () => sendMessageActivities({ db: h.db, log, gateways }, noEmail).sendMessage;
const message = (id: string) => h.db('messages').where({ id }).first();
let n = 0;
let worker: Promise<unknown> | undefined;

interface Provider {
  name: 'fcm' | 'apns' | 'huawei';
  platform: DevicePlatform;
  start(): Promise<PushPeer>;
  gateway(peer: PushPeer): object;
  token(suffix: string): string;
  gone: RegExp;
}

const providers: Provider[] = [
  {
    name: 'fcm',
    platform: 'fcm',
    start: startFcmPeer,
    gateway: (peer) => peerGateway.fcm(peer, 1),
    token: (suffix) => `fcm-token:APA91b${++n}x${suffix}`,
    gone: /^FCM registration-token-not-registered: Requested entity was not found\.$/,
  },
  {
    name: 'apns',
    platform: 'apns',
    start: startApnsPeer,
    gateway: (peer) => peerGateway.apns(peer, 1),
    token: (suffix) => `${String(++n).padStart(4, '0')}${'ab'.repeat(28)}${suffix}`,
    gone: /^APNs 410 Unregistered$/,
  },
  {
    name: 'huawei',
    platform: 'huawei',
    start: startHuaweiPeer,
    gateway: (peer) => peerGateway.huawei(peer, 1),
    token: (suffix) => `IQAAAACy${++n}x${suffix}`,
    gone: /^Huawei 400 80300007: All the tokens are invalid$/,
  },
];

for (const provider of providers)
  describe(provider.name, () => {
    let peer: PushPeer;
    let gatewayId: string;
    before(async () => {
      peer = await provider.start();
      const res = await h.api('/v1/gateways', {
        body: { name: provider.name, provider: provider.name, ...provider.gateway(peer) },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.gateway.channel, 'push');
      gatewayId = res.body.gateway.id;
    });
    after(() => peer.stop());

    async function pushTo(suffix: string) {
      const c = await createCustomer(h.db, { firstName: 'Ana' });
      const token = provider.token(suffix);
      const { row } = await registerDevice(h.db, c.id, { platform: provider.platform, token });
      return {
        token,
        deviceId: row.id,
        input: {
          idempotencyKey: `journey:${provider.name}:${++n}`,
          customerId: c.id,
          templateId,
          channel: 'push' as const,
          event: {
            type: 'order_shipped',
            properties: { orderId: 'A-17' },
            occurredAt: new Date().toISOString(),
          },
        },
      };
    }

    test('sends the title, text and deep link, and records the provider’s answer', async () => {
      const { token, input } = await pushTo('1234');
      const result = await activity()(input);
      assert.equal(result.status, 'sent');
      const got = peer.messages.find((m) => m.token === token)!;
      assert.deepEqual([got.title, got.body], ['Shipped, Ana', 'Your parcel is on its way']);
      assert.equal(got.data.link, 'https://shop.example/orders/A-17');
      assert.equal(got.data.heraldMessageId, result.messageId);
      const row = await message(result.messageId);
      assert.equal(row.gateway_id, gatewayId);
      assert.equal(row.to_address, token);
      assert.match(row.provider_response, /accepted|200|Success/);
    });

    test('a token the provider calls gone: failed for good, device deactivated, not asked again', async () => {
      const { deviceId, input } = await pushTo(INVALID_SUFFIX);
      const sends = peer.sends;
      const result = await activity()(input);
      assert.equal(result.status, 'failed');
      assert.equal(peer.sends, sends + 1);
      const row = await message(result.messageId);
      assert.match(row.error, provider.gone);
      assert.match(row.provider_response, provider.gone);
      const device = await h.db('devices').where({ id: deviceId }).first();
      assert.equal(device.active, false);
      assert.match(device.deactivated_reason, provider.gone);
      const reach = await reachability(h.db, input.customerId, 'push');
      assert.equal(reach.ok, false);
      const again = await activity()({ ...input, idempotencyKey: `${input.idempotencyKey}:2` });
      assert.equal(again.status, 'skipped');
      assert.equal(peer.sends, sends + 1, 'the provider was not asked again');
    });

    test('a busy provider is retried and the push sent once', async () => {
      const { token, input } = await pushTo(BUSY_ONCE_SUFFIX);
      await assert.rejects(
        activity()(input),
        (err: unknown) => err instanceof ApplicationFailure && !err.nonRetryable,
      );
      assert.equal((await activity()(input)).status, 'sent');
      assert.equal(peer.messages.filter((m) => m.token === token).length, 1);
    });

    test('no answer is recorded unknown and never sent twice', async () => {
      const { input } = await pushTo(SILENT_SUFFIX);
      const sends = peer.sends;
      const result = await activity()(input);
      assert.equal(result.status, 'unknown');
      assert.match((await message(result.messageId)).error, /did not answer within 1 s/);
      assert.deepEqual(await activity()(input), result);
      assert.equal(peer.sends, sends + 1);
    });

    test('test connection answers in the provider’s words, on a worker', async () => {
      await (worker ??= h.startWorker());
      const ok = await h.api(`/v1/gateways/${gatewayId}/test`, { body: {} });
      assert.equal(ok.body.ok, true, ok.body.detail);
      assert.match(ok.body.detail, /signed in|accepted/);
    });
  });
