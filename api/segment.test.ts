// Segment's SDKs at a running Herald: the real @segment/analytics-node and
// @rudderstack/rudder-sdk-node post to the real api (Postgres, Temporal) through their host
// options, with their own batching, gzip and Basic auth. What they send must land as customers,
// events and receipts with the mapped fields, start journeys, and count once when redelivered.
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Harness } from '../scripts/testing/harness.ts';
import { entriesOf, publishStartingOn } from '../scripts/testing/fixtures.ts';
import { customerIdOf, daysAgo, metricsOf } from '../scripts/testing/metrics.ts';
import {
  eventsOf as eventsOfSource,
  startSegmentSource,
  type SegmentSource,
} from '../scripts/testing/segment-source.ts';

let h: Harness;
let writeKey: string;
let endpoints: SegmentSource['endpoints'];

before(async () => {
  ({ h, writeKey, endpoints } = await startSegmentSource());
});
after(() => h.close());

/** A Segment analytics-node client at Herald; every delivery failure is kept to be asserted on. */
function segmentClient(options: { maxEventsInBatch?: number } = {}) {
  const client = new SegmentAnalytics({
    writeKey,
    host: endpoints.host,
    path: endpoints.batchPath,
    maxEventsInBatch: options.maxEventsInBatch ?? 15,
    flushInterval: 60_000,
    maxRetries: 0,
    // A 1,000-event batch on two loaded cores can outlast the SDK's 10 s default.
    httpRequestTimeout: 120_000,
  });
  const failures: unknown[] = [];
  client.on('error', (err) => failures.push(err));
  return { client, failures };
}

/** A RudderStack client at Herald: gzip on by default, Basic auth with the write key. */
function rudderClient(flushAt = 20) {
  return new RudderAnalytics(writeKey, {
    dataPlaneUrl: endpoints.dataPlaneUrl,
    flushAt,
    flushInterval: 60_000,
    retryCount: 0,
  });
}

const eventsOf = (externalId: string, type?: string) => eventsOfSource(h, externalId, type);

describe('@segment/analytics-node', () => {
  test('identify, track and page land as a customer and events with the mapped fields', async () => {
    const { client, failures } = segmentClient();
    const anonymousId = randomUUID();
    // Browsing before signing in: an anonymous visitor, joined to the customer by identify.
    client.track({
      anonymousId,
      event: 'Product Added',
      properties: { product_id: 'sku-1', name: 'Tea', category: 'food', price: 4.5, quantity: 2 },
      context: {
        ip: '203.0.113.7',
        campaign: { name: 'spring', source: 'newsletter', medium: 'email' },
      },
    });
    client.identify({
      userId: 'seg-ann',
      anonymousId,
      traits: {
        email: 'ann@example.com',
        name: 'Ann Lee',
        plan: 'pro',
        address: { city: 'Berlin' },
      },
      context: { timezone: 'Europe/Berlin' },
    });
    client.track({
      userId: 'seg-ann',
      event: 'Product Viewed',
      properties: { product_id: 'sku-2', category: 'kitchen', price: 12 },
      context: {
        page: { url: 'https://shop.example/p/sku-2', referrer: 'https://search.example/' },
        userAgent:
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      },
    });
    client.page({ userId: 'seg-ann', name: 'Pricing', properties: { path: '/pricing' } });
    client.track({ userId: 'seg-ann', event: 'Signed Up', properties: { referral: 'friend' } });
    await client.closeAndFlush();
    assert.deepEqual(failures, []);

    const customer = await h.db('customers').where({ external_id: 'seg-ann' }).first();
    assert.equal(customer.email, 'ann@example.com');
    assert.equal(customer.first_name, 'Ann');
    assert.equal(customer.last_name, 'Lee');
    assert.equal(customer.city, 'Berlin');
    assert.equal(customer.time_zone, 'Europe/Berlin');
    assert.equal(customer.custom.plan, 'pro');

    const events = await eventsOf('seg-ann');
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    // The anonymous cart update moved to Ann with identify; its context kept.
    const cart = byType.cart_updated;
    assert.ok(cart, `types: ${events.map((e) => e.type).join(', ')}`);
    assert.equal(cart.source, 'segment:web-shop');
    assert.deepEqual(cart.properties.items, [
      { productId: 'sku-1', name: 'Tea', category: 'food', quantity: 2, price: 4.5 },
    ]);
    assert.equal(cart.properties.context.ip, '203.0.113.7');
    assert.deepEqual(cart.properties.context.campaign, {
      name: 'spring',
      source: 'newsletter',
      medium: 'email',
    });
    assert.equal(cart.properties.anonymousId, anonymousId);
    assert.equal(
      await h
        .db('tracker_visitors')
        .where({ visitor_id: `segment:${anonymousId}` })
        .first('customer_id')
        .then((r) => r.customer_id),
      customer.id,
    );

    const view = byType.product_view;
    assert.equal(view.properties.productId, 'sku-2');
    assert.equal(view.properties.category, 'kitchen');
    assert.equal(view.properties.url, 'https://shop.example/p/sku-2');
    assert.deepEqual(view.properties.device, {
      type: 'desktop',
      os: 'Linux',
      browser: 'Chrome 120',
    });
    assert.equal(view.properties.segment.event, 'Product Viewed');
    // Interests read the tracker's kinds: the product view counts for "kitchen".
    const profile = await h.api(`/v1/customers/${customer.id}/profile`);
    assert.deepEqual(
      profile.body.interests.map((i: { category: string }) => i.category),
      ['kitchen'],
    );

    assert.equal(byType.page_view.properties.name, 'Pricing');
    assert.equal(byType.page_view.properties.path, '/pricing');
    // A name Herald does not take as a type is made one; the name as sent is kept.
    assert.equal(byType.signed_up.properties.referral, 'friend');
    assert.equal(byType.signed_up.properties.segment.event, 'Signed Up');
    // The caller's address is the context's ip when the message has none.
    assert.equal(byType.signed_up.properties.context.ip, '127.0.0.1');
  });

  test('a batch of 1,000 messages lands as 1,000 events', async () => {
    const { client, failures } = segmentClient({ maxEventsInBatch: 1000 });
    const requests: number[] = [];
    client.on('http_request', (r) => requests.push(JSON.parse(r.body).batch.length));
    for (let i = 0; i < 1000; i++)
      client.track({
        userId: `bulk-${i % 50}`,
        event: 'Article Read',
        properties: { article: `a-${i}`, words: i },
      });
    await client.closeAndFlush({ timeout: 120_000 });
    assert.deepEqual(failures, []);
    assert.equal(
      requests.reduce((a, b) => a + b, 0),
      1000,
    );
    assert.ok(requests.length <= 3, `sent in ${requests.length} requests`);
    const stored = await h
      .db('events')
      .where({ type: 'article_read', source: 'segment:web-shop' })
      .count<{ count: string }[]>('* as count');
    assert.equal(Number(stored[0]!.count), 1000);
    const customers = await h
      .db('customers')
      .where('external_id', 'like', 'bulk-%')
      .count<{ count: string }[]>('* as count');
    assert.equal(Number(customers[0]!.count), 50);
    const one = await eventsOf('bulk-7');
    assert.equal(one.length, 20);
    assert.deepEqual(
      one.slice(0, 2).map((e) => e.properties.article),
      ['a-7', 'a-57'],
    );
  });

  test('Order Completed becomes a receipt that moves metrics and starts a purchase journey, once', async () => {
    const campaignId = await publishStartingOn(h, 'purchase');
    // Sold in euros to a USD account: the receipt is converted at the rate of its day.
    const rates = await h.api('/v1/exchange-rates', {
      body: { rates: [{ currency: 'EUR', rate: 1.25, validFrom: '2000-01-01' }] },
    });
    assert.equal(rates.status, 200, JSON.stringify(rates.body));
    const { client, failures } = segmentClient();
    const order = {
      userId: 'seg-buyer',
      event: 'Order Completed',
      messageId: `order-${randomUUID()}`,
      timestamp: new Date(daysAgo(1)),
      properties: {
        order_id: 'SO-1001',
        total: 27.5,
        currency: 'eur',
        affiliation: 'Online',
        coupon: 'WELCOME',
        products: [
          { product_id: 'sku-1', name: 'Tea', category: 'food', price: 4.5, quantity: 3 },
          { product_id: 'sku-2', name: 'Cup', category: 'kitchen', price: 14 },
        ],
      },
    };
    client.track(order);
    await client.flush();
    // The same message again (a retry after a lost answer): it counts once.
    client.track(order);
    await client.closeAndFlush();
    assert.deepEqual(failures, []);

    const receipts = await h
      .db('receipts')
      .where({ customer_id: await customerIdOf(h, 'seg-buyer') });
    assert.equal(receipts.length, 1);
    const [receipt] = receipts;
    assert.equal(receipt.external_id, 'SO-1001');
    assert.deepEqual(
      [Number(receipt.original_total), receipt.original_currency],
      [27.5, 'EUR'],
      'the order as sent',
    );
    assert.deepEqual([Number(receipt.total), receipt.currency], [34.38, 'USD']);
    assert.equal(receipt.store, 'Online');
    assert.equal(receipt.source, 'segment:web-shop');
    assert.equal(receipt.custom.coupon, 'WELCOME');
    const lines = await h
      .db('receipt_lines')
      .where({ receipt_id: receipt.id })
      .orderBy('product_id');
    assert.deepEqual(
      lines.map((l) => [l.product_id, l.category, Number(l.quantity), Number(l.amount)]),
      [
        ['sku-1', 'food', 3, 16.88],
        ['sku-2', 'kitchen', 1, 17.5],
      ],
    );
    const purchases = await eventsOf('seg-buyer', 'purchase');
    assert.equal(purchases.length, 1);
    assert.deepEqual(purchases[0].properties.products, ['sku-1', 'sku-2']);

    const metrics = await metricsOf(h, 'seg-buyer');
    assert.equal(metrics.receiptsCount, 1);
    assert.equal(metrics.totalSpent, 34.38);
    const entries = await entriesOf(h, campaignId, await customerIdOf(h, 'seg-buyer'));
    assert.equal(entries.length, 1);
    const journey = await h.temporal.workflow.getHandle(entries[0].workflow_id).describe();
    assert.equal(journey.status.name, 'RUNNING');
  });
});

describe('@rudderstack/rudder-sdk-node', () => {
  test('gzip batches of identify, track, page and screen land mapped; a redelivery counts once', async () => {
    const client = rudderClient();
    const messageId = randomUUID();
    client.identify({
      userId: 'rs-bo',
      traits: { email: 'bo@example.com', firstName: 'Bo', last_name: 'Berg', plan: 'basic' },
    });
    // messageId is not in the SDK's types, but it sends the one given (as Segment's does).
    const cartViewed = {
      userId: 'rs-bo',
      messageId,
      event: 'Cart Viewed',
      properties: { cart_id: 'c-9', products: [{ product_id: 'sku-3', price: 3, quantity: 1 }] },
    };
    client.track(cartViewed);
    client.track({
      userId: 'rs-bo',
      event: 'Product List Viewed',
      properties: { list_id: 'deals', category: 'garden' },
    });
    client.page({ userId: 'rs-bo', name: 'Home', properties: { url: 'https://shop.example/' } });
    client.screen({ userId: 'rs-bo', name: 'Basket' });
    await client.flush();
    // RudderStack retries a batch whose answer it did not get: the same messageId again.
    client.track({ ...cartViewed, properties: { cart_id: 'c-9', products: [] } });
    await client.flush();

    const customer = await h.db('customers').where({ external_id: 'rs-bo' }).first();
    assert.equal(customer.email, 'bo@example.com');
    assert.equal(customer.last_name, 'Berg');
    assert.equal(customer.custom.plan, 'basic');
    const events = await eventsOf('rs-bo');
    const types = events
      .filter((e) => e.type !== 'profile_updated')
      .map((e) => e.type)
      .sort();
    assert.deepEqual(types, ['cart_updated', 'category_view', 'page_view', 'screen_view']);
    const cart = events.find((e) => e.type === 'cart_updated');
    assert.equal(cart.idempotency_key, `segment:${messageId}`);
    assert.equal(cart.properties.cartId, 'c-9');
    assert.deepEqual(cart.properties.items, [{ productId: 'sku-3', quantity: 1, price: 3 }]);
    assert.equal(events.find((e) => e.type === 'category_view').properties.categoryId, 'garden');
    assert.equal(events.find((e) => e.type === 'screen_view').properties.name, 'Basket');
    assert.equal(cart.properties.context.library.name, 'analytics-node');
  });

  test('Order Completed from RudderStack is a receipt and a purchase', async () => {
    const client = rudderClient();
    client.track({
      userId: 'rs-buyer',
      event: 'Order Completed',
      properties: { order_id: 'RS-1', revenue: 40, products: [{ sku: 'k-1', price: 40 }] },
    });
    await client.flush();
    const metrics = await metricsOf(h, 'rs-buyer');
    assert.equal(metrics.receiptsCount, 1);
    assert.equal(metrics.totalSpent, 40);
    const [line] = await h
      .db('receipt_lines as l')
      .join('receipts as r', 'r.id', 'l.receipt_id')
      .where('r.external_id', 'RS-1')
      .select('l.product_id', 'l.custom');
    assert.equal(line.product_id, 'k-1');
  });
});

/** A raw call, as an SDK makes it: the write key as the Basic auth user name. */
