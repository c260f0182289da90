// Test sends of SMS, Viber and push templates (issue 14): rendered for a chosen customer as the
// preview renders them, marked "[Test]", sent by the worker through the channel's real gateway
// (a local SMSC, an Infobip-shaped server, an FCM peer), kept in template_test_sends and never in
// messages or events, and their delivery reports kept with the test instead of refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTemplate } from '../scripts/testing/fixtures.ts';
import { addSmscGateway } from '../scripts/testing/gateway-registry.ts';
import { type FcmPeer, startFcmPeer } from '../scripts/testing/fcm-peer.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { type InfobipPeer, startInfobipPeer } from '../scripts/testing/infobip-peer.ts';
import { type Smsc, startSmsc } from '../scripts/testing/smsc.ts';

let h: Harness;
let smsc: Smsc;
let infobip: InfobipPeer;
let fcm: FcmPeer;
let customerId: string;

before(async () => {
  h = await createHarness();
  [smsc, infobip, fcm] = await Promise.all([
    startSmsc(),
    startInfobipPeer('viber-key'),
    startFcmPeer(),
  ]);
  await addSmscGateway(h, smsc);
  const push = await h.api('/v1/gateways', {
    body: {
      name: 'FCM',
      provider: 'fcm',
      settings: { connectTo: fcm.address, caCertificate: fcm.ca, timeoutSeconds: 5 },
      credentials: { serviceAccount: fcm.serviceAccount },
    },
  });
  assert.equal(push.status, 201, JSON.stringify(push.body));
  const customer = await h.api('/v1/customers', {
    body: { email: 'kari@example.com', phone: '+4791234567', firstName: 'Kari' },
  });
  assert.equal(customer.status, 201, JSON.stringify(customer.body));
  customerId = customer.body.customer.id;
  await h.api(`/v1/customers/${customerId}/points`, { body: { amount: 40, reason: 'bonus' } });
  await h.startWorker();
});
after(async () => {
  await h.close();
  await Promise.all([smsc.stop(), infobip.stop(), fcm.stop()]);
});

const reported = async () => ({
  messages: (await h.db('messages')).length,
  events: (await h.db('events').whereNot('type', 'points_accrued')).length,
});

test('an SMS test goes through the SMSC to the numbers given, rendered for the customer, out of every report', async () => {
  const templateId = await createTemplate(h, {
    name: 'Points SMS',
    channel: 'sms',
    body: 'Hi {{ customer.firstName | default: "friend" }}, you have {{ customer.points }} points',
  });
  const before = await reported();
  const res = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: ['+47 912 34 000', '+14155550142'], customerId },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.subject, '[Test] Hi Kari, you have 40 points');
  assert.deepEqual(res.body.sent, ['+4791234000', '+14155550142']);
  const got = await smsc.waitFor(2);
  assert.deepEqual(got.map((m) => [m.to, m.from, m.text]).sort(), [
    ['14155550142', 'Shop', '[Test] Hi Kari, you have 40 points'],
    ['4791234000', 'Shop', '[Test] Hi Kari, you have 40 points'],
  ]);
  const [kept] = await h.db('template_test_sends').where({ template_id: templateId });
  assert.equal(kept.channel, 'sms');
  assert.equal(kept.customer_id, customerId);
  assert.deepEqual(kept.to_addresses, ['+4791234000', '+14155550142']);
  assert.equal(kept.error, null);

  // The SMSC's receipt finds the test, not a message: kept with it, and nothing else changes.
  await smsc.receipt(got[0]!.ids[0]!, 'DELIVRD');
  const part = await eventually(async () => {
    const row = await h
      .db('template_test_send_parts')
      .where({ provider_message_id: got[0]!.ids[0]! })
      .first();
    return row?.status === 'delivered' ? row : undefined;
  });
  assert.equal(part.test_send_id, kept.id);
  assert.deepEqual(await reported(), before);

  // Without numbers, the chosen customer's own phone; without either, a 400 naming `to`.
  const own = await h.api(`/v1/templates/${templateId}/test-send`, { body: { customerId } });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.deepEqual(own.body.sent, ['+4791234567']);
  const nobody = await h.api(`/v1/templates/${templateId}/test-send`, { body: {} });
  assert.equal(nobody.status, 400);
  assert.equal(nobody.body.error.problems[0].field, 'to');
  const bad = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: ['+4791234000', 'call me'] },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.problems[0].field, 'to.1');
  assert.match(bad.body.error.problems[0].message, /international form/);
});

test('a Viber test goes through the Infobip gateway with its image and button; none configured is a 409', async () => {
  const templateId = await createTemplate(h, {
    name: 'Viber offer',
    channel: 'viber',
    body: '{{ customer.firstName }}, your offer is ready',
    content: {
      imageUrl: 'https://shop.example/offer.png',
      buttonText: 'Open',
      buttonUrl: 'https://shop.example/offer?c={{ customer.firstName }}',
    },
  });
  const none = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: ['+4791234000'], customerId },
  });
  assert.equal(none.status, 409, JSON.stringify(none.body));
  assert.match(none.body.error.message, /No viber gateway is configured/);

  const gateway = await h.api('/v1/gateways', {
    body: {
      name: 'Infobip Viber',
      provider: 'infobip',
      settings: { baseUrl: infobip.url, timeoutSeconds: 5 },
      credentials: { apiKey: 'viber-key' },
      senders: ['HeraldShop'],
    },
  });
  assert.equal(gateway.status, 201, JSON.stringify(gateway.body));
  const res = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: ['+4791234000'], customerId },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.results[0].ok, true);
  const [sent] = infobip.messages;
  assert.equal(sent!.to, '4791234000');
  assert.equal(sent!.sender, 'HeraldShop');
  assert.equal(sent!.content.text, '[Test] Kari, your offer is ready');
  assert.equal(sent!.content.mediaUrl, 'https://shop.example/offer.png');
  assert.deepEqual(sent!.content.button, {
    text: 'Open',
    url: 'https://shop.example/offer?c=Kari',
  });
  assert.equal((await h.db('messages')).length, 0);
});

test("a push test reaches the customer's devices, or the tokens given, through FCM", async () => {
  const templateId = await createTemplate(h, {
    name: 'Points push',
    channel: 'push',
    subject: '{{ customer.points }} points, {{ customer.firstName }}',
    body: 'Spend them before Sunday',
    content: { deepLink: 'https://shop.example/points' },
  });
  const noDevice = await h.api(`/v1/templates/${templateId}/test-send`, { body: { customerId } });
  assert.equal(noDevice.status, 400);
  assert.equal(noDevice.body.error.problems[0].field, 'customerId');

  const device = await h.api(`/v1/customers/${customerId}/devices`, {
    body: { platform: 'fcm', token: 'fcm-token:APA91bkari' },
  });
  assert.equal(device.status, 201, JSON.stringify(device.body));
  const res = await h.api(`/v1/templates/${templateId}/test-send`, { body: { customerId } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.subject, '[Test] 40 points, Kari');
  assert.deepEqual(res.body.sent, ['fcm-token:APA91bkari']);
  const [pushed] = fcm.messages;
  assert.equal(pushed!.token, 'fcm-token:APA91bkari');
  assert.equal(pushed!.title, '[Test] 40 points, Kari');
  assert.equal(pushed!.body, 'Spend them before Sunday');
  assert.equal(pushed!.data.link, 'https://shop.example/points');

  const unknown = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: ['fcm-token:APA91bkari', 'fcm-token:nobody'], customerId },
  });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.problems[0].field, 'to.1');
  const byToken = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: ['fcm-token:APA91bkari'] },
  });
  assert.equal(byToken.status, 200, JSON.stringify(byToken.body));
  // No customer chosen: the fallbacks' empty profile, as the preview shows it.
  assert.equal(byToken.body.subject, '[Test] points,');
  assert.equal(fcm.messages.length, 2);
  assert.equal((await h.db('messages')).length, 0);
  const kept = await h.db('template_test_sends').where({ template_id: templateId });
  assert.equal(kept.length, 2);
});
