// The customer pages in a real browser (Debian's Chromium driven by playwright-core) against the
// real api, Postgres and Temporal: search the list, open a profile, read its metrics, points,
// receipts and journeys (linked to the Temporal UI), page the timeline. Screenshots go to
// .data/screenshots/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { welcomeGraph, welcomeTemplate } from '../../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../../scripts/testing/fixtures.ts';
import { eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;

useWebApp((started, webApp) => {
  h = started;
  web = webApp;
});

test('a marketer finds a customer and reads their 360° profile', async () => {
  await publishCampaign(h, 'Welcome', welcomeGraph(await createTemplate(h, welcomeTemplate)));
  const signup = await h.api('/v1/events', {
    body: {
      type: 'signed_up',
      externalId: 'web-ann',
      customer: { email: 'ann.web@example.com', firstName: 'Ann', lastName: 'Webber' },
    },
  });
  const customerId = signup.body.customerId as string;
  const workflowId = signup.body.journeysStarted[0].workflowId as string;
  await h.api('/v1/customers/external/someone-else', { method: 'PUT', body: { firstName: 'Bo' } });
  await h.api('/v1/points-rules', { body: { kind: 'receipt', name: 'Cashback', percent: 10 } });
  await h.api('/v1/receipts', {
    body: {
      customerId,
      receiptExternalId: 'W-1',
      occurredAt: new Date().toISOString(),
      lines: [{ name: 'Trail shoe', category: 'shoes', price: 120 }],
    },
  });
  // She left offers by email from the preference page; every other channel keeps the default.
  await h.api(`/v1/customers/${customerId}/consents`, {
    body: {
      channel: 'email',
      messagingType: 'promo',
      subscribed: false,
      source: 'preference-page',
    },
  });
  for (let i = 0; i < 60; i++)
    await h.api('/v1/events', {
      body: { type: 'page_view', customerId, properties: { url: `https://shop.example/p/${i}` } },
    });

  const page = await web.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page, web.url);

  await page.goto(`${web.url}/customers`);
  await page.locator(`[data-testid=customer-row-${customerId}]`).waitFor();
  await page.fill('[data-testid=customer-search]', 'webber');
  await eventually(async () =>
    (await page.locator('[data-testid=customers-table] tbody tr').count()) === 1 ? true : undefined,
  );
  await page.screenshot({ path: path.join(shots, 'customers-search.png') });
  await page.click('[data-testid=customer-link]');
  await page.waitForURL(`**/customers/${customerId}`);

  assert.equal(await page.textContent('[data-testid=profile-name]'), 'Ann Webber');
  await page.screenshot({ path: path.join(shots, 'customer-profile-top.png') });
  assert.match((await page.textContent('[data-testid=metric-receipts]')) ?? '', /Receipts\s*1/);
  assert.match((await page.textContent('[data-testid=metric-total]')) ?? '', /120\.00/);
  assert.match((await page.textContent('[data-testid=points-balance]')) ?? '', /Balance\s*12/);
  assert.match((await page.textContent('[data-testid=profile-receipts]')) ?? '', /Trail shoe/);
  assert.match((await page.textContent('[data-testid=profile-interests]')) ?? '', /shoes/);
  const link = page.locator('[data-testid=profile-temporal-link]');
  assert.equal(
    await link.getAttribute('href'),
    `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(workflowId)}`,
  );
  // What she may be sent now, per messaging type and channel, with why on hover.
  const promo = page.locator('[data-testid=profile-consents] tr[data-type=promo]');
  assert.equal(
    await promo.locator('[data-channel=email] [data-state]').getAttribute('data-state'),
    'unsubscribed',
  );
  assert.equal(
    await promo.locator('[data-channel=sms] [data-state]').getAttribute('data-state'),
    'subscribed',
  );
  assert.match(
    (await promo.locator('[data-channel=email] [data-state]').getAttribute('title')) ?? '',
    /Unsubscribed .*\(preference-page\)/,
  );
  // An event's properties read as one line, opened into a key and value list.
  const newest = page.locator('[data-testid=timeline-event]').first();
  assert.match(
    (await newest.textContent()) ?? '',
    /page_view.*url: https:\/\/shop\.example\/p\/59/,
  );
  await newest.locator('[data-testid=event-properties] summary').click();
  assert.equal(
    await newest.locator('[data-property=url]').textContent(),
    'https://shop.example/p/59',
  );
  await newest.screenshot({ path: path.join(shots, 'customer-profile-event.png') });
  await page.locator('[data-testid=profile-consents]').screenshot({
    path: path.join(shots, 'customer-profile-consents.png'),
  });
  // 64 events (signed_up, purchase, points_accrued, subscription_changed, 60 page views): 50,
  // then the rest.
  const rows = page.locator('[data-testid=timeline-event]');
  assert.equal(await rows.count(), 50);
  await page.click('[data-testid=timeline-older]');
  await eventually(async () => ((await rows.count()) === 64 ? true : undefined));
  assert.equal(await page.locator('[data-testid=timeline-older]').count(), 0);
  await page.screenshot({ path: path.join(shots, 'customer-profile.png'), fullPage: true });
});
