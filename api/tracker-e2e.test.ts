// The tracker in Chromium on pages served from two local origins (127.0.0.1 and localhost, two
// ports): an anonymous visitor browses shop A, follows a link to shop B, identifies there, and
// their whole journey joins the known customer, with the device each event came from.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { userHash } from '../core/tracker-identity.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let browser: Browser;
const servers: Server[] = [];
let shopA: string;
let shopB: string;
let stranger: string;
let key: string;
let identitySecret: string;

/** The page's globals, as the tracker defines them (this project compiles without the DOM lib). */
interface Win {
  herald: {
    visitorId: string;
    page(p?: object): Promise<any>;
    productView(id: string, p?: object): Promise<any>;
    categoryView(id: string, p?: object): Promise<any>;
    cart(items: object[], p?: object): Promise<any>;
    identify(externalId: string, customer?: object, options?: { userHash: string }): Promise<any>;
  };
}

/** A static "shop" on host:port whose page loads the tracker and links to `other`. */
async function serveShop(host: string, name: string, other: () => string): Promise<string> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><head><title>${name}</title>
      <script src="${h.apiUrl}/tracker.js?key=${key}"></script></head>
      <body><h1>${name}</h1><a id="other" href="${other()}/page.html?from=${name}">other shop</a></body></html>`);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  h = await createHarness();
  await h.startWorker();
  shopA = await serveShop('127.0.0.1', 'Shop A', () => shopB);
  shopB = await serveShop('localhost', 'Shop B', () => shopA);
  stranger = await serveShop('127.0.0.1', 'Stranger', () => shopA);
  const site = await h.api('/v1/tracker-sites', {
    body: { name: 'Two shops', allowedOrigins: [shopA, `${shopB}/`] },
  });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  key = site.body.site.publicKey;
  identitySecret = site.body.identitySecret;
  assert.deepEqual(site.body.site.allowedOrigins, [shopA, shopB]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
});
after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
  await h.close();
});

const eventsOf = (customerId: string) =>
  h.db('events').where({ customer_id: customerId }).orderBy('occurred_at').select('*');

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as Win).herald !== undefined);
}

test('an anonymous visitor across two domains joins the known customer on identify', async () => {
  const known = await h.api('/v1/events', {
    body: {
      type: 'signed_up',
      externalId: 'shopper-7',
      customer: { email: 'shopper7@example.com' },
    },
  });
  assert.equal(known.status, 202);
  const context = await browser.newContext();
  const page = await context.newPage();

  await open(page, `${shopA}/page.html`);
  const visitorA = await page.evaluate(() => (globalThis as unknown as Win).herald.visitorId);
  await page.evaluate(() => (globalThis as unknown as Win).herald.page());
  await page.evaluate(() =>
    (globalThis as unknown as Win).herald.productView('sku-1', { price: 12.5 }),
  );

  const anon = await h.db('tracker_visitors').where({ visitor_id: visitorA }).first();
  assert.equal(anon.identified, false);
  const anonEvents = await eventsOf(anon.customer_id);
  assert.deepEqual(
    anonEvents.map((e) => e.type),
    ['page_view', 'product_view'],
  );
  assert.equal(anonEvents[1].properties.productId, 'sku-1');
  assert.equal(anonEvents[1].source, 'tracker');
  assert.equal(anonEvents[0].properties.url, `${shopA}/page.html`);
  assert.equal(anonEvents[0].properties.device.type, 'desktop');
  assert.match(anonEvents[0].properties.device.os, /Linux/);
  assert.match(anonEvents[0].properties.device.browser, /Chrom/);

  // The link to the other domain carries the visitor; shop B strips it from the address bar.
  await page.click('#other');
  await page.waitForURL(`${shopB}/**`);
  await page.waitForFunction(() => (globalThis as unknown as Win).herald !== undefined);
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as Win).herald.visitorId),
    visitorA,
  );
  assert.doesNotMatch(page.url(), /herald_vid/);
  assert.match(page.url(), /from=Shop(%20|\+)A/);
  await page.evaluate(() => (globalThis as unknown as Win).herald.categoryView('tea'));
  await page.evaluate(() =>
    (globalThis as unknown as Win).herald.cart([{ productId: 'sku-1', quantity: 2 }], {
      total: 25,
    }),
  );
  // The shop's server signs the signed-in customer's ID; the page passes the hash along.
  const joined = await page.evaluate(
    (hash) =>
      (globalThis as unknown as Win).herald.identify(
        'shopper-7',
        { firstName: 'Sam' },
        { userHash: hash },
      ),
    userHash(identitySecret, 'shopper-7'),
  );
  assert.equal(joined.customerId, known.body.customerId);
  assert.equal(joined.eventsMerged, 4);
  await page.evaluate(() => (globalThis as unknown as Win).herald.page());

  const history = await eventsOf(known.body.customerId);
  // identify's new first name is a profile change like any other, on the timeline.
  assert.deepEqual(
    history.map((e) => e.type),
    [
      'signed_up',
      'page_view',
      'product_view',
      'category_view',
      'cart_updated',
      'profile_updated',
      'page_view',
    ],
  );
  assert.deepEqual(history.find((e) => e.type === 'profile_updated').properties.changed, [
    'firstName',
  ]);
  const cart = history.find((e) => e.type === 'cart_updated');
  assert.deepEqual(cart.properties.items, [{ productId: 'sku-1', quantity: 2 }]);
  assert.ok(cart.properties.url.startsWith(shopB));
  assert.equal(await h.db('customers').where({ id: anon.customer_id }).first(), undefined);
  const customer = await h.db('customers').where({ id: known.body.customerId }).first();
  assert.equal(customer.first_name, 'Sam');

  // Back on shop A, in the same browser: still the same visitor, now known.
  await open(page, `${shopA}/page.html`);
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as Win).herald.visitorId),
    visitorA,
  );
  await page.evaluate(() => (globalThis as unknown as Win).herald.page({ again: true }));
  assert.equal((await eventsOf(known.body.customerId)).length, 8);
  await context.close();
});

test('a page on an origin the site does not list cannot send', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await open(page, `${stranger}/page.html`);
  const visitor = await page.evaluate(() => (globalThis as unknown as Win).herald.visitorId);
  const outcome = await page.evaluate(() =>
    (globalThis as unknown as Win).herald.page().then(
      () => 'sent',
      () => 'refused',
    ),
  );
  assert.equal(outcome, 'refused');
  assert.equal(await h.db('tracker_visitors').where({ visitor_id: visitor }).first(), undefined);
  await context.close();
});

test('the collect endpoint names what is wrong', async () => {
  const post = (body: object) =>
    fetch(`${h.apiUrl}/track/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: shopA },
      body: JSON.stringify(body),
    }).then(async (r) => ({
      status: r.status,
      cors: r.headers.get('access-control-allow-origin'),
      body: (await r.json()) as any,
    }));
  const wrongKey = await post({ key: 'pk_nope', visitorId: 'abcdefgh-1', type: 'page_view' });
  assert.equal(wrongKey.status, 401);
  const bad = await post({ key, visitorId: 'x', type: 'page view' });
  assert.equal(bad.status, 400);
  assert.equal(bad.cors, shopA); // the page's script may read why
  assert.deepEqual(bad.body.error.problems.map((p: { field: string }) => p.field).sort(), [
    'type',
    'visitorId',
  ]);
  const script = await fetch(`${h.apiUrl}/tracker.js?key=pk_nope`);
  assert.equal(script.status, 401);
  const ok = await eventually(async () => {
    const r = await fetch(`${h.apiUrl}/tracker.js?key=${key}`);
    return r.ok ? r.text() : undefined;
  });
  assert.match(ok, /"collectUrl"/);
  const preflight = await fetch(`${h.apiUrl}/track/collect`, {
    method: 'OPTIONS',
    headers: { origin: shopB, 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), shopB);
  const strangerPreflight = await fetch(`${h.apiUrl}/track/collect`, {
    method: 'OPTIONS',
    headers: { origin: stranger, 'access-control-request-method': 'POST' },
  });
  assert.equal(strangerPreflight.headers.get('access-control-allow-origin'), null);
});
