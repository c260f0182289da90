// Segment's own browser library, @segment/analytics-next (analytics.js), in Chromium on a local
// shop page, sending to Herald: its settings come from a local "CDN" (cdnURL) that points
// Segment.io's apiHost at Herald. An anonymous visitor browses; identify joins their history to
// the known customer, as it does with Herald's own tracker.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../scripts/testing/chromium.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

const BUNDLES = path.resolve(
  import.meta.dirname,
  '../node_modules/@segment/analytics-next/dist/umd',
);

let h: Harness;
let browser: Browser;
let server: Server;
let shop: string;
let writeKey: string;

/** The page's globals (this project compiles without the DOM lib). */
interface Win {
  ready: Promise<unknown>;
  analytics: {
    track(event: string, properties?: object): Promise<unknown>;
    page(name?: string, properties?: object): Promise<unknown>;
    identify(userId: string, traits?: object): Promise<unknown>;
    user(): { anonymousId(): string };
  };
}

/**
 * The shop and its CDN on one local origin: the page, analytics.js's bundles (loaded relative to
 * the page), and the source's settings, which send Segment.io's messages to Herald.
 */
function serveShop(apiHost: string): Promise<string> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname === `/v1/projects/${writeKey}/settings`) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          integrations: { 'Segment.io': { apiKey: writeKey, apiHost, protocol: 'http' } },
          plan: {},
          metrics: { sampleRate: 0 },
          remotePlugins: [],
        }),
      );
      return;
    }
    const file = path.basename(url.pathname);
    if (/^[\w.-]+\.js$/.test(file)) {
      // A bundle missing (analytics-next not installed) fails the page at once, not by timeout.
      if (!existsSync(path.join(BUNDLES, file))) {
        res.statusCode = 404;
        res.end(`${file} is not in ${BUNDLES}: run npm ci`);
        return;
      }
      res.setHeader('content-type', 'application/javascript');
      res.end(readFileSync(path.join(BUNDLES, file)));
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><head><title>Tea shop</title><script src="/index.js"></script>
      <script>
        window.ready = AnalyticsNext.AnalyticsBrowser.load(
          { writeKey: ${JSON.stringify(writeKey)}, cdnURL: location.origin },
          { integrations: { 'Segment.io': { apiHost: ${JSON.stringify(apiHost)}, protocol: 'http' } } },
        ).then(([analytics]) => { window.analytics = analytics; });
      </script></head><body><h1>Tea shop</h1></body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

before(async () => {
  h = await createHarness({ logLevel: 'silent' });
  const source = await h.api('/v1/segment-sources', { body: { name: 'browser' } });
  assert.equal(source.status, 201, JSON.stringify(source.body));
  writeKey = source.body.writeKey;
  shop = await serveShop(`${new URL(h.apiUrl).host}/v1/segment/v1`);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
  await h.close();
});

const eventsOf = (customerId: string) =>
  h.db('events').where({ customer_id: customerId }).orderBy('occurred_at').select('*');

test('analytics.js sends page, track and identify; identify joins the anonymous visitor', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${shop}/products/sencha`);
  await page.evaluate(() => (globalThis as unknown as Win).ready);
  const anonymousId = await page.evaluate(() =>
    (globalThis as unknown as Win).analytics.user().anonymousId(),
  );
  await page.evaluate(async () => {
    const { analytics } = globalThis as unknown as Win;
    await analytics.page('Product', { category: 'Tea' });
    await analytics.track('Product Viewed', { product_id: 'sencha', category: 'tea', price: 9 });
  });

  // The anonymous visitor's profile holds both events, with the browser's context.
  const visitor = await eventually(() =>
    h
      .db('tracker_visitors')
      .where({ visitor_id: `segment:${anonymousId}` })
      .first(),
  );
  const anonymous = await eventually(async () => {
    const events = await eventsOf(visitor.customer_id);
    return events.length === 2 ? events : undefined;
  });
  const view = anonymous.find((e) => e.type === 'product_view');
  assert.equal(view.properties.productId, 'sencha');
  assert.equal(view.properties.url, `${shop}/products/sencha`);
  assert.equal(view.properties.device.type, 'desktop');
  assert.equal(view.properties.context.library.name, 'analytics.js');
  assert.equal(view.properties.context.ip, '127.0.0.1');
  assert.equal(view.source, 'segment:browser');
  const pageView = anonymous.find((e) => e.type === 'page_view');
  assert.equal(pageView.properties.name, 'Product');
  assert.equal(pageView.properties.title, 'Tea shop');

  await page.evaluate(async () => {
    const { analytics } = globalThis as unknown as Win;
    await analytics.identify('web-42', { email: 'web42@example.com', firstName: 'Wen' });
    await analytics.track('Product Added', { product_id: 'sencha', quantity: 2, price: 9 });
  });
  const customer = await eventually(() =>
    h.db('customers').where({ external_id: 'web-42' }).first(),
  );
  assert.equal(customer.email, 'web42@example.com');
  assert.equal(customer.first_name, 'Wen');
  const joined = await eventually(async () => {
    const events = await eventsOf(customer.id);
    const types = events.map((e) => e.type).filter((t) => t !== 'profile_updated');
    return types.length === 3 ? types.sort() : undefined;
  });
  assert.deepEqual(joined, ['cart_updated', 'page_view', 'product_view']);
  // The anonymous profile is gone; the visitor now points to the customer.
  assert.equal(await h.db('customers').where({ id: visitor.customer_id }).first(), undefined);
  const now = await h
    .db('tracker_visitors')
    .where({ visitor_id: `segment:${anonymousId}` })
    .first();
  assert.equal(now.customer_id, customer.id);
  assert.equal(now.identified, true);
});
