// What a template can read beyond the profile (issue 14), rendered for a real customer through
// the real api, worker, Postgres and SMTP: metrics and points, the last receipt and its lines,
// the products they viewed and their cart, in a preview and in a journey's email.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { welcomeGraph } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'EUR' } });
  await h.startWorker();
});
after(() => h.close());

const TEXT = [
  'Hi {{ customer.firstName | default: "friend" }}.',
  'Purchases: {{ customer.metrics.receiptsCount }}, spent {{ customer.metrics.totalSpent }}.',
  'Points: {{ customer.points | default: 0 }}.',
  'Last receipt {{ lastReceipt.externalId }} at {{ lastReceipt.store }}:',
  '{% for line in lastReceipt.lines %}[{{ line.name }} x{{ line.quantity }} = {{ line.amount }}]{% endfor %}',
  'Viewed: {% for p in viewedProducts %}{{ p.name }};{% endfor %}',
  'Cart: {% for item in cart.items %}({{ item.name }}){% endfor %}',
].join(' ');

const mjml = `<mjml><mj-body><mj-section><mj-column><mj-text>${TEXT}</mj-text></mj-column></mj-section></mj-body></mjml>`;

test('a template using metrics, points, the last receipt, viewed products and the cart renders for a real customer', async () => {
  const earlier = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const later = new Date(Date.now() - 86_400_000).toISOString();
  const customer = { email: 'lena@example.com', firstName: 'Lena' };
  for (const [id, occurredAt, lines] of [
    ['R-old', earlier, [{ productId: 'mug', name: 'Mug', price: 8 }]],
    [
      'R-new',
      later,
      [
        { productId: 'cup', name: 'Cup', quantity: 2, price: 4.5 },
        { productId: 'tea', name: 'Tea', price: 3 },
      ],
    ],
  ] as const) {
    const res = await h.api('/v1/receipts', {
      body: {
        externalId: 'lena',
        customer,
        receiptExternalId: id,
        occurredAt,
        currency: 'EUR',
        store: 'Oslo',
        lines,
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const found = await h.api('/v1/customers?externalId=lena');
  const customerId = found.body.customer.id as string;
  const points = await h.api(`/v1/customers/${customerId}/points`, {
    body: { amount: 120, reason: 'welcome bonus' },
  });
  assert.ok(points.status < 300, JSON.stringify(points.body));
  for (const [type, properties] of [
    ['product_view', { productId: 'scarf', name: 'Red scarf' }],
    ['product_view', { productId: 'hat', name: 'Blue hat' }],
    ['cart_updated', { items: [{ productId: 'scarf', name: 'Red scarf', price: 20 }] }],
  ] as const) {
    const res = await h.api('/v1/events', { body: { type, externalId: 'lena', properties } });
    assert.ok(res.status < 300, JSON.stringify(res.body));
  }

  const templateId = await createTemplate(h, {
    name: 'Everything',
    channel: 'email',
    subject: '{{ customer.firstName }}, {{ customer.points }} points',
    mjml,
  });
  const preview = await h.api(`/v1/templates/${templateId}/preview`, { body: { customerId } });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  const expected = [
    /Hi Lena\./,
    /Purchases: 2, spent 20/,
    /Points: 120\./,
    /Last receipt R-new at Oslo:/,
    /\[Cup x2 = 9\]\[Tea x1 = 3\]/,
    /Viewed: Blue hat;Red scarf;/,
    /Cart: \(Red scarf\)/,
  ];
  for (const pattern of expected) assert.match(preview.body.html, pattern);
  assert.equal(preview.body.subject, 'Lena, 120 points');

  // The same for an SMS template, and in a journey's email sent by the worker.
  const sms = await createTemplate(h, { name: 'Everything SMS', channel: 'sms', body: TEXT });
  const smsPreview = await h.api(`/v1/templates/${sms}/preview`, { body: { customerId } });
  for (const pattern of [/Points: 120\./, /\[Cup x2 = 9\]/, /Viewed: Blue hat;Red scarf;/])
    assert.match(smsPreview.body.message.text, pattern);

  await publishCampaign(h, 'Everything welcome', welcomeGraph(templateId));
  await h.api('/v1/events', { body: { type: 'signed_up', externalId: 'lena' } });
  const [email] = await h.smtp.waitFor((m) => h.smtp.to('lena@example.com').includes(m));
  assert.equal(email!.subject, 'Lena, 120 points');
  for (const pattern of expected) assert.match(email!.html || '', pattern);
});
