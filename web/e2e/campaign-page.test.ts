// The web app in a real browser (Debian's Chromium driven by playwright-core) against the real
// api, Postgres and Temporal: sign in, find the campaign, see its graph on the canvas and its
// running journeys linked to the Temporal UI. Screenshots go to .data/screenshots/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  abandonedCartGraph,
  cartReminderTemplate,
  winBackGraph,
} from '../../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../../scripts/testing/fixtures.ts';
import { type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let app: WebApp;
let webUrl: string;
let browser: Browser;

useWebApp((started, webApp) => {
  h = started;
  app = webApp;
  webUrl = app.url;
  browser = app.browser;
});

test('a marketer signs in, opens a campaign, sees its graph and its running journeys', async () => {
  const templateId = await createTemplate(h, cartReminderTemplate);
  const campaignId = await publishCampaign(
    h,
    'Abandoned cart',
    abandonedCartGraph(templateId, { amount: 1, unit: 'hours' }),
  );
  const event = await h.api('/v1/events', {
    body: {
      type: 'cart_updated',
      externalId: 'web-1',
      customer: { email: 'wendy@example.com', firstName: 'Wendy', lastName: 'Webb' },
    },
  });
  const workflowId: string = event.body.journeysStarted[0].workflowId;

  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${webUrl}/campaigns`);
  await page.waitForURL('**/login'); // signed out: sent to sign in

  await page.fill('[data-testid=login-email]', 'marketer@herald.local');
  await page.fill('[data-testid=login-password]', 'wrong password');
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=login-error]');
  assert.match(
    (await page.textContent('[data-testid=login-error]')) ?? '',
    /email or password is wrong/,
  );
  await page.screenshot({ path: path.join(shots, '01-sign-in-refused.png') });

  await page.fill('[data-testid=login-password]', 'correct horse');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL('**/campaigns');
  const row = page.locator(`[data-testid=campaign-row-${campaignId}]`);
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /Abandoned cart/);
  await page.screenshot({ path: path.join(shots, '02-campaign-list.png') });

  await row.locator('[data-testid=campaign-link]').click();
  await page.waitForURL(`**/campaigns/${campaignId}`);
  for (const id of ['cart-updated', 'wait', 'purchased', 'converted', 'reminder', 'reminded']) {
    await page.locator(`[data-testid=canvas-node-${id}]`).waitFor();
  }
  assert.match((await page.textContent('[data-testid=canvas-node-wait]')) ?? '', /1 hour/);
  assert.deepEqual((await page.locator('[data-testid=edge-label]').allTextContents()).sort(), [
    'no',
    'yes',
  ]);

  const link = page.locator(
    `[data-testid=journeys-table] tr[data-workflow-id="${workflowId}"] [data-testid=journey-temporal-link]`,
  );
  await link.waitFor({ timeout: 15_000 });
  assert.equal(
    await link.getAttribute('href'),
    `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(workflowId)}`,
  );
  const journeyRow = page.locator(`tr[data-workflow-id="${workflowId}"]`);
  assert.match((await journeyRow.textContent()) ?? '', /Wendy Webb/);
  await page.screenshot({ path: path.join(shots, '03-campaign-page.png'), fullPage: true });
});

test('a large campaign saved without positions is laid out off the page thread, once per browser', async () => {
  // Made through the api, without positions: the live view lays it out with elkjs in a worker,
  // which the page's Content-Security-Policy must let start.
  const templateId = await createTemplate(h, { ...cartReminderTemplate, name: 'Win-back email' });
  const graph = winBackGraph(templateId, 12);
  const campaignId = await publishCampaign(h, 'Win-back, unplaced', graph);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') refused.push(m.text());
  });
  await signIn(page, webUrl);
  await page.goto(`${webUrl}/campaigns/${campaignId}`);
  const canvas = page.locator('[data-testid=campaign-canvas]');
  await canvas.waitFor();
  await page
    .locator('[data-testid=campaign-canvas][data-laid-out=true]')
    .waitFor({ timeout: 60_000 });
  assert.deepEqual(refused, [], 'no script, worker or policy error on the page');
  // Laid out top to bottom in journey order: the trigger above the step it leads to.
  const top = async (id: string) =>
    (await page.locator(`[data-testid=canvas-node-${id}]`).boundingBox())!.y;
  const edge = graph.edges.find((e) => e.from === 'lapsed')!;
  assert.ok((await top('lapsed')) < (await top(edge.to)), `the trigger is drawn above ${edge.to}`);
  await page.screenshot({ path: path.join(shots, '04-campaign-laid-out.png') });
  // Opened again in the same browser, it is drawn where elkjs put it, laid out from the start.
  await page.reload();
  await canvas.waitFor();
  assert.equal(await canvas.getAttribute('data-laid-out'), 'true');
  await context.close();
});
