// The Segment mapping's rules that the SDK tests do not reach: names, traits, clock correction
// and where a receipt's problem is in the message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeraldError } from './errors.ts';
import { heraldEventType, mapSegmentMessage, receiptField } from './segment-mapping.ts';
import { occurredAt, SegmentMessage } from './segment-message.ts';
import { attributesFromTraits } from './segment-traits.ts';

test('custom event names become Herald event types', () => {
  assert.equal(heraldEventType('Signed Up'), 'signed_up');
  assert.equal(heraldEventType('  Video  Played (HD) '), 'video_played_hd');
  assert.equal(heraldEventType('checkout.Started'), 'checkout.started');
  assert.equal(heraldEventType('注册'), undefined);
  assert.equal(heraldEventType('x'.repeat(300))?.length, 100);
});

test('e-commerce names match loosely; others stay custom events', () => {
  const track = (event: string, properties = {}) =>
    mapSegmentMessage(SegmentMessage.parse({ type: 'track', userId: 'u', event, properties }));
  assert.equal(track('order_completed', { total: 1 }).kind, 'receipt');
  assert.deepEqual(track('Product Viewed', { sku: 'S-1' }), {
    kind: 'event',
    type: 'product_view',
    properties: {
      productId: 'S-1',
      sku: 'S-1',
      context: {},
      segment: { type: 'track', event: 'Product Viewed' },
    },
  });
  const viewed = track('Product Viewed', { product_id: 7 });
  assert.equal(viewed.kind === 'event' && viewed.properties.productId, '7');
  const custom = track('Coupon Entered', { coupon: 'X' });
  assert.equal(custom.kind === 'event' && custom.type, 'coupon_entered');
  assert.throws(
    () => track('!!!'),
    (e: HeraldError) => e.problems[0]!.field === 'event',
  );
});

test('an order becomes a receipt; its problems are named as the message names them', () => {
  const order = mapSegmentMessage(
    SegmentMessage.parse({
      type: 'track',
      userId: 'u',
      event: 'Order Completed',
      properties: {
        order_id: 42,
        revenue: '19.90',
        currency: 'gbp',
        shipping: 4,
        products: [{ sku: 'A', price: '9.95', quantity: 2, brand: 'Acme' }],
      },
    }),
  );
  assert.deepEqual(order, {
    kind: 'receipt',
    receipt: {
      receiptExternalId: '42',
      total: 19.9,
      currency: 'GBP',
      store: undefined,
      custom: { shipping: 4 },
      lines: [{ productId: 'A', quantity: 2, price: 9.95, custom: { brand: 'Acme', sku: 'A' } }],
    },
  });
  assert.equal(receiptField('lines.3.price'), 'properties.products.3.price');
  assert.equal(receiptField('lines.0.productId'), 'properties.products.0.product_id');
  assert.equal(receiptField('lines.1.custom.size'), 'properties.products.1.size');
  assert.equal(receiptField('custom.tax'), 'properties.tax');
  assert.equal(receiptField('total'), 'properties.total');
  assert.equal(receiptField('properties.total'), 'properties.total');
});

test('traits: reserved ones are attributes, the rest custom fields', () => {
  assert.deepEqual(
    attributesFromTraits(
      {
        name: 'Ann Marie Lee',
        gender: 'Female',
        birthday: '1990-04-30T00:00:00.000Z',
        plan: 'pro',
        address: { city: 'Oslo', country: 'NO' },
      },
      { timezone: 'Europe/Oslo', locale: 'nb-NO' },
    ),
    {
      firstName: 'Ann',
      lastName: 'Marie Lee',
      gender: 'female',
      birthDate: '1990-04-30',
      city: 'Oslo',
      timeZone: 'Europe/Oslo',
      locale: 'nb-NO',
      custom: { name: 'Ann Marie Lee', plan: 'pro', address: { city: 'Oslo', country: 'NO' } },
    },
  );
  // A gender Herald has no value for stays as sent; a bad browser time zone is left out.
  assert.deepEqual(attributesFromTraits({ gender: 'nonbinary' }, { timezone: 'Mars/Base' }), {
    custom: { gender: 'nonbinary' },
  });
  assert.throws(
    () => attributesFromTraits({ email: 'nope', first_name: 'Bo' }),
    (e: HeraldError) => e.problems.map((p) => p.field).join() === 'traits.email',
  );
});

test("originalTimestamp is corrected by the sender's clock skew", () => {
  const received = new Date('2026-06-01T12:00:10Z');
  const m = SegmentMessage.parse({
    type: 'track',
    userId: 'u',
    event: 'E',
    originalTimestamp: '2026-06-01T11:00:00Z',
    sentAt: '2026-06-01T11:00:05Z', // the device's clock is an hour and 5 s behind
  });
  assert.equal(occurredAt(m, received), '2026-06-01T12:00:05.000Z');
  assert.equal(
    occurredAt({ ...m, timestamp: '2026-06-01T09:00:00.000Z' }, received),
    '2026-06-01T09:00:00.000Z',
  );
  // Sent before it happened: no correction.
  assert.equal(
    occurredAt({ ...m, sentAt: '0001-01-01T00:00:00.000Z' }, received),
    '2026-06-01T11:00:00.000Z',
  );
  // A batch's sentAt serves when the message has none.
  assert.equal(
    occurredAt({ ...m, sentAt: undefined }, received, '2026-06-01T11:00:05.000Z'),
    '2026-06-01T12:00:05.000Z',
  );
});
