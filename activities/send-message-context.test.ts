// An SMS sent by a journey's sendMessage renders with the context an email gets
// (db/template-context.ts): custom fields, metrics, points, the last receipt and its lines, the
// products viewed on the website (through the JS tracker's collect endpoint, as a browser sends
// them) and the abandoned cart, with Liquid fallbacks; and it renders the published revision a
// campaign pinned, never the draft. Against a real SMSC and Postgres.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { userHash } from '../core/tracker-identity.ts';
import { createTemplate } from '../scripts/testing/fixtures.ts';
import { addSmscGateway, testGatewayRegistry } from '../scripts/testing/gateway-registry.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { type Smsc, startSmsc } from '../scripts/testing/smsc.ts';
import type { GatewayRegistry } from './channels/registry.ts';
import { sendMessageActivities } from './send-message.ts';

let h: Harness;
let smsc: Smsc;
let gateways: GatewayRegistry;
const log = pino({ level: 'silent' });
const SHOP = 'https://shop.example';

before(async () => {
  h = await createHarness();
  smsc = await startSmsc();
  gateways = testGatewayRegistry(h);
  await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'EUR' } });
  await addSmscGateway(h, smsc);
});
after(async () => {
  await gateways.close();
  await smsc.stop();
  await h.close();
});

const sendMessage = () =>
  sendMessageActivities({ db: h.db, log, gateways }, () => Promise.reject(new Error('no email')))
    .sendMessage;
let n = 0;
async function smsText(customerId: string, templateId: string, templateRevision?: number) {
  const before = smsc.messages.length;
  const result = await sendMessage()({
    idempotencyKey: `journey:context:${++n}`,
    customerId,
    templateId,
    channel: 'sms',
    ...(templateRevision && { templateRevision }),
    event: {
      type: 'order_paid',
      properties: { orderId: 'A-17' },
      occurredAt: new Date().toISOString(),
    },
  });
  assert.equal(result.status, 'sent', JSON.stringify(result));
  const [got] = (await smsc.waitFor(before + 1)).slice(before);
  return got!.text;
}

/** What the JS tracker posts from a page of the shop. */
async function collect(body: object) {
  const res = await fetch(`${h.apiUrl}/track/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: SHOP },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 202, await res.text());
}

test('an SMS renders every variable the picker offers for a real customer, with fallbacks', async () => {
  const field = await h.api('/v1/custom-fields', {
    body: { entity: 'customer', key: 'tier', type: 'text' },
  });
  assert.equal(field.status, 201, JSON.stringify(field.body));
  const customer = { phone: '+4791230001', firstName: 'Lena', custom: { tier: 'gold' } };
  const receipt = await h.api('/v1/receipts', {
    body: {
      externalId: 'lena',
      customer,
      receiptExternalId: 'R-9',
      occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      currency: 'EUR',
      store: 'Oslo',
      lines: [
        { productId: 'cup', name: 'Cup', quantity: 2, price: 4.5 },
        { productId: 'tea', name: 'Tea', price: 3 },
      ],
    },
  });
  assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
  const customerId = (await h.api('/v1/customers?externalId=lena')).body.customer.id as string;
  await h.api(`/v1/customers/${customerId}/points`, { body: { amount: 70, reason: 'bonus' } });

  // Website behaviour: an anonymous visitor views two products and fills a cart, then signs in.
  const site = await h.api('/v1/tracker-sites', { body: { name: 'Shop', allowedOrigins: [SHOP] } });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  const key = site.body.site.publicKey as string;
  const visitorId = 'visitor-lena-0001';
  await collect({
    key,
    visitorId,
    type: 'product_view',
    properties: { productId: 'scarf', name: 'Red scarf' },
  });
  await collect({
    key,
    visitorId,
    type: 'product_view',
    properties: { productId: 'hat', name: 'Blue hat' },
  });
  await collect({
    key,
    visitorId,
    type: 'cart_updated',
    properties: { items: [{ productId: 'hat', name: 'Blue hat', price: 25 }] },
  });
  await collect({
    key,
    visitorId,
    type: 'identify',
    externalId: 'lena',
    userHash: userHash(site.body.identitySecret, 'lena'),
  });

  const templateId = await createTemplate(h, {
    name: 'Everything SMS',
    channel: 'sms',
    body: [
      'Hi {{ customer.firstName | default: "friend" }} ({{ customer.custom.tier }}, {{ customer.lastName | default: "no surname" }}).',
      'Orders {{ customer.metrics.receiptsCount }}, spent {{ customer.metrics.totalSpent }}, points {{ customer.points }}.',
      'Last {{ lastReceipt.externalId }}: {% for l in lastReceipt.lines %}{{ l.name }} x{{ l.quantity }};{% endfor %}',
      'Viewed: {% for p in viewedProducts %}{{ p.name }};{% endfor %}',
      'Cart: {% for i in cart.items %}{{ i.name }} {{ i.price }};{% endfor %}',
      'Order {{ event.properties.orderId }}.',
    ].join(' '),
  });
  assert.equal(
    await smsText(customerId, templateId),
    'Hi Lena (gold, no surname). Orders 1, spent 12, points 70. Last R-9: Cup x2;Tea x1; ' +
      'Viewed: Blue hat;Red scarf; Cart: Blue hat 25; Order A-17.',
  );
});

test('an SMS sends the published revision, or the one a campaign pinned, never the draft', async () => {
  const customerId = (
    await h.api('/v1/customers', { body: { phone: '+4791230002', firstName: 'Ola' } })
  ).body.customer.id as string;
  const templateId = await createTemplate(h, {
    name: 'Versions',
    channel: 'sms',
    body: 'One {{ customer.firstName }}',
  });
  const draft = await h.api(`/v1/templates/${templateId}`, {
    method: 'PUT',
    body: { body: 'Two {{ customer.firstName }}' },
  });
  assert.equal(draft.status, 200, JSON.stringify(draft.body));
  assert.equal(await smsText(customerId, templateId), 'One Ola');
  const published = await h.api(`/v1/templates/${templateId}/publish`, { body: {} });
  assert.equal(published.status, 201, JSON.stringify(published.body));
  assert.equal(await smsText(customerId, templateId), 'Two Ola');
  assert.equal(await smsText(customerId, templateId, 1), 'One Ola');
});
