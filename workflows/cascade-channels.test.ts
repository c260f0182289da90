// A journey whose cascade falls from push to SMS to email as contacts are missing, invalid or
// unsubscribed, with the real worker, its FCM gateway to a local FCM peer (devices registered
// through /v1/customers/{id}/devices), its SMPP gateway to a local SMSC and the SMTP peer; the
// reason is recorded on the message of each channel it skipped or that failed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { type FcmPeer, startFcmPeer } from '../scripts/testing/fcm-peer.ts';
import { peerGateway } from '../scripts/testing/push-gateways.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import {
  INVALID_SUFFIX,
  type Smsc,
  SMSC_PASSWORD,
  SMSC_SYSTEM_ID,
  startSmsc,
} from '../scripts/testing/smsc.ts';
import type { JourneyState } from './journey-api.ts';

let h: Harness;
let smsc: Smsc;
let fcm: FcmPeer;

before(async () => {
  h = await createHarness();
  smsc = await startSmsc();
  fcm = await startFcmPeer();
  const push = await h.api('/v1/gateways', {
    body: {
      name: 'FCM',
      provider: 'fcm',
      ...peerGateway.fcm(fcm, 5),
    },
  });
  assert.equal(push.status, 201, JSON.stringify(push.body));
  const gateway = await h.api('/v1/gateways', {
    body: {
      name: 'SMSC',
      provider: 'smpp',
      settings: { host: '127.0.0.1', port: smsc.port },
      credentials: { systemId: SMSC_SYSTEM_ID, password: SMSC_PASSWORD },
      senders: ['Shop'],
    },
  });
  assert.equal(gateway.status, 201, JSON.stringify(gateway.body));
  const emailTemplate = await createTemplate(h, {
    ...welcomeTemplate,
    subject: 'Your order, {{ customer.firstName }}',
  });
  const sms = {
    id: await createTemplate(h, {
      name: 'Order SMS',
      channel: 'sms',
      body: 'Order shipped, {{ customer.firstName }}',
    }),
  };
  const pushTemplate = {
    id: await createTemplate(h, {
      name: 'Order push',
      channel: 'push',
      subject: 'Shipped, {{ customer.firstName }}',
      body: 'Your parcel is on its way',
    }),
  };
  await publishCampaign(h, 'Shipped', {
    // Each shipment notifies again, once the last notice is done.
    reentry: { kind: 'notWhileRunning' },
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'order_shipped' },
      {
        id: 'notify',
        kind: 'sendMessage',
        channels: [
          { channel: 'push', templateId: pushTemplate.id },
          { channel: 'sms', templateId: sms.id },
          { channel: 'email', templateId: emailTemplate },
        ],
      },
      { id: 'done', kind: 'exit' },
      { id: 'lost', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'notify' },
      { from: 'notify', to: 'done', exit: 'sent' },
      { from: 'notify', to: 'lost', exit: 'undelivered' },
    ],
  });
  await h.startWorker();
});
after(async () => {
  await h.close();
  await smsc.stop();
  await fcm.stop();
});

async function ship(externalId: string, phone: string) {
  const res = await h.api('/v1/events', {
    body: {
      type: 'order_shipped',
      externalId,
      customer: { email: `${externalId}@example.com`, phone, firstName: externalId },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body as { customerId: string; journeysStarted: { workflowId: string }[] };
}

async function cascade(entered: Awaited<ReturnType<typeof ship>>) {
  const state = (await h.temporal.workflow
    .getHandle(entered.journeysStarted[0]!.workflowId)
    .result()) as JourneyState;
  const messages = await h
    .db('messages')
    .where({ customer_id: entered.customerId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select<{ channel: string; status: string; error: string | null }[]>(
      'channel',
      'status',
      'error',
    );
  return { path: state.path, messages: messages.map((m) => [m.channel, m.status, m.error]) };
}

test('no push token and a valid phone: SMS is sent and the cascade stops', async () => {
  const result = await cascade(await ship('ana', '+14155550142'));
  assert.deepEqual(result, {
    path: ['notify', 'done'],
    messages: [
      ['push', 'skipped', 'the customer has no push address'],
      ['sms', 'sent', null],
    ],
  });
  assert.equal(smsc.messages.find((m) => m.to === '14155550142')?.text, 'Order shipped, ana');
});

test('a number the SMSC refuses: flagged, and email takes over; next time SMS is skipped at once', async () => {
  const phone = `+1415555${INVALID_SUFFIX}`;
  const first = await cascade(await ship('bo', phone));
  assert.deepEqual(first, {
    path: ['notify', 'done'],
    messages: [
      ['push', 'skipped', 'the customer has no push address'],
      ['sms', 'failed', 'SMSC refused: ESME_RINVDSTADR (0x0b)'],
      ['email', 'sent', null],
    ],
  });
  await h.smtp.waitFor((m) => m.subject === 'Your order, bo');
  const submits = smsc.submits;
  const again = await ship('bo', phone);
  const second = await cascade(again);
  assert.deepEqual(second.messages.slice(3), [
    ['push', 'skipped', 'the customer has no push address'],
    ['sms', 'skipped', `the customer's sms address ${phone} is invalid`],
    ['email', 'sent', null],
  ]);
  assert.equal(smsc.submits, submits, 'the SMSC was not asked again');
});

test('unsubscribed from promotional SMS: skipped with that reason, email sent', async () => {
  const entered = await ship('cy', '+14155550143');
  // The first journey sent an SMS; the customer then says no to promotional SMS.
  await cascade(entered);
  await h.db('subscriptions').insert({
    customer_id: entered.customerId,
    channel: 'sms',
    messaging_type: 'promo',
    subscribed: false,
  });
  const second = await cascade(await ship('cy', '+14155550143'));
  assert.deepEqual(second.messages.slice(2), [
    ['push', 'skipped', 'the customer has no push address'],
    ['sms', 'skipped', 'the customer unsubscribed from promo sms'],
    ['email', 'sent', null],
  ]);
});

/** A customer with a push device registered through the api, as an app does on its first start. */
async function withDevice(externalId: string, phone: string, token: string) {
  const made = await h.api('/v1/customers', {
    body: { externalId, email: `${externalId}@example.com`, phone, firstName: externalId },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const customerId = made.body.customer.id as string;
  const device = await h.api(`/v1/customers/${customerId}/devices`, {
    body: { platform: 'fcm', token },
  });
  assert.equal(device.status, 201, JSON.stringify(device.body));
  return { customerId, deviceId: device.body.device.id as string };
}

const GONE = /^FCM registration-token-not-registered: Requested entity was not found\.$/;

test('a registered device: the push goes to its token and the cascade stops', async () => {
  const token = 'fcm-token:APA91bDora7x5678';
  await withDevice('dora', '+14155550144', token);
  const result = await cascade(await ship('dora', '+14155550144'));
  assert.deepEqual(result, { path: ['notify', 'done'], messages: [['push', 'sent', null]] });
  const got = fcm.messages.find((m) => m.token === token);
  assert.deepEqual([got?.title, got?.body], ['Shipped, dora', 'Your parcel is on its way']);
  assert.equal(
    smsc.messages.some((m) => m.to === '14155550144'),
    false,
    'no SMS as well',
  );
});

test('a token FCM calls unregistered: push fails with its reason, the device is deactivated, SMS takes over', async () => {
  const token = `fcm-token:APA91bEli8x${INVALID_SUFFIX}`;
  const { deviceId } = await withDevice('eli', '+14155550145', token);
  const first = await cascade(await ship('eli', '+14155550145'));
  assert.equal(first.path.at(-1), 'done');
  assert.deepEqual(first.messages[1], ['sms', 'sent', null]);
  assert.deepEqual(first.messages.length, 2);
  assert.deepEqual(first.messages[0]!.slice(0, 2), ['push', 'failed']);
  assert.match(first.messages[0]![2]!, GONE);
  const device = await h.db('devices').where({ id: deviceId }).first();
  assert.equal(device.active, false);
  assert.match(device.deactivated_reason, GONE);
  // Next time the push is skipped at once, with the provider's words as the reason.
  const sends = fcm.sends;
  const second = await cascade(await ship('eli', '+14155550145'));
  assert.deepEqual(second.messages.slice(2, 3)[0]!.slice(0, 2), ['push', 'skipped']);
  assert.match(
    second.messages[2]![2]!,
    /^the customer's push devices are deactivated \(FCM registration-token-not-registered/,
  );
  assert.deepEqual(second.messages[3], ['sms', 'sent', null]);
  assert.equal(fcm.sends, sends, 'FCM was not asked again');
});

test('gone token, an invalid number, then email: each step’s reason is kept; unsubscribed from email too: undelivered', async () => {
  const phone = `+1415556${INVALID_SUFFIX}`;
  const { customerId } = await withDevice('fay', phone, `fcm-token:APA91bFay9x${INVALID_SUFFIX}`);
  const first = await cascade(await ship('fay', phone));
  assert.deepEqual(first.path, ['notify', 'done']);
  assert.deepEqual(
    first.messages.map(([channel, status]) => [channel, status]),
    [
      ['push', 'failed'],
      ['sms', 'failed'],
      ['email', 'sent'],
    ],
  );
  assert.match(first.messages[0]![2]!, GONE);
  assert.equal(first.messages[1]![2], 'SMSC refused: ESME_RINVDSTADR (0x0b)');
  await h.smtp.waitFor((m) => m.subject === 'Your order, fay');

  await h.db('subscriptions').insert({
    customer_id: customerId,
    channel: 'email',
    messaging_type: 'promo',
    subscribed: false,
  });
  const second = await cascade(await ship('fay', phone));
  assert.deepEqual(second.path, ['notify', 'lost']);
  assert.deepEqual(second.messages.slice(3), [
    ['push', 'skipped', `the customer's push devices are deactivated (${first.messages[0]![2]})`],
    ['sms', 'skipped', `the customer's sms address ${phone} is invalid`],
    ['email', 'skipped', 'the customer unsubscribed from promo email'],
  ]);
});
