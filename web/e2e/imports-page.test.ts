// The imports page in Chromium against the real api and worker: a marketer uploads a CSV with a
// bad row, watches the progress bar fill, and reads which row and column to fix.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { upsertUser } from '../../db/auth.ts';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import { startWebApp, type WebApp } from './web-app.ts';

const shots = path.resolve(import.meta.dirname, '../..', '.data', 'screenshots');
let h: Harness;
let web: WebApp;

before(async () => {
  h = await createHarness();
  await h.startWorker();
  await upsertUser(h.db, {
    email: 'importer@herald.local',
    name: 'Ida',
    password: 'correct horse',
  });
  mkdirSync(shots, { recursive: true });
  web = await startWebApp(h);
});

after(async () => {
  await web?.close();
  await h.close();
});

test('a marketer imports customers and reads the error report', async () => {
  const file = path.join(tmpdir(), `customers-${process.pid}.csv`);
  const rows = ['externalId,email,firstName'];
  for (let i = 0; i < 3000; i++) rows.push(`web-${i},web${i}@example.com,Name${i}`);
  rows.push('web-bad,not-an-email,Bad');
  writeFileSync(file, rows.join('\n'));

  const page = await web.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${web.url}/imports`);
  await page.waitForURL('**/login');
  await page.fill('[data-testid=login-email]', 'importer@herald.local');
  await page.fill('[data-testid=login-password]', 'correct horse');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL('**/campaigns');
  await page.goto(`${web.url}/imports`);

  await page.selectOption('[data-testid=import-kind]', 'customers');
  await page.setInputFiles('[data-testid=import-file]', file);
  await page.click('[data-testid=import-start]');
  await page.locator('[data-testid=import-report] >> text=Completed').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=import-progress]').getAttribute('value'), '1');
  assert.match(
    (await page.textContent('[data-testid=import-counts]')) ?? '',
    /3001 of 3001 rows read: 3000 imported, 1 with errors/,
  );
  const errorRow = page.locator('[data-testid=import-errors] tbody tr');
  assert.equal(await errorRow.count(), 1);
  const cells = await errorRow.locator('td').allTextContents();
  assert.equal(cells[0], '3002');
  assert.equal(cells[1], 'email');
  assert.match(cells[2]!, /valid email address/);
  assert.equal(
    await page.getAttribute('[data-testid=import-errors-csv]', 'href'),
    `/api/v1/imports/${(await h.db('imports').first('id')).id}/errors.csv`,
  );
  await page.screenshot({ path: path.join(shots, 'imports-report.png'), fullPage: true });
  assert.equal((await h.db('customers').where('external_id', 'like', 'web-%')).length, 3000);
});
