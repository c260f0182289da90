// The web app in a real browser (Debian's Chromium driven by playwright-core) against the real
// api, Postgres and Temporal: sign in, find the campaign, see its graph on the canvas and its
// running journeys linked to the Temporal UI. Screenshots go to .data/screenshots/.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { upsertUser } from '../../db/auth.ts';
import { abandonedCartGraph, cartReminderTemplate } from '../../scripts/demo-campaigns.ts';
import { freePort } from '../../scripts/free-port.ts';
import { createTemplate, publishCampaign } from '../../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';

const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, '.data', 'screenshots');
const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
let h: Harness;
let web: ChildProcess;
let webUrl: string;
let browser: Browser;

before(async () => {
  h = await createHarness();
  await h.startWorker();
  await upsertUser(h.db, {
    email: 'marketer@herald.local',
    name: 'Mara Keter',
    password: 'correct horse',
  });
  mkdirSync(shots, { recursive: true });
  // Built here so the test always runs the current code, as `next start` serves it in production.
  execFileSync(process.execPath, [next, 'build', 'web'], { cwd: root, stdio: 'ignore' });
  const port = await freePort();
  webUrl = `http://127.0.0.1:${port}`;
  web = spawn(
    process.execPath,
    [next, 'start', 'web', '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: root,
      env: { ...process.env, API_URL: h.apiUrl },
      stdio: 'ignore',
    },
  );
  await eventually(async () => {
    const res = await fetch(`${webUrl}/login`).catch(() => undefined);
    return res?.ok || undefined;
  }, 30_000);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
  });
});

after(async () => {
  await browser?.close();
  web?.kill('SIGTERM');
  await h.close();
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
  assert.deepEqual((await page.locator('.react-flow__edge-text').allTextContents()).sort(), [
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
