// The gateways settings page in Chromium against the real api, worker and a local SMSC: an admin
// adds an SMPP gateway with a wrong password and reads the SMSC's refusal from "test connection",
// types the right credentials (never shown back) and reads "bound"; a second SMS gateway is
// refused under the field at fault, then made the SMS default.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import { type Smsc, SMSC_PASSWORD, SMSC_SYSTEM_ID, startSmsc } from '../../scripts/testing/smsc.ts';
import { shots, signIn, startWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;
let smsc: Smsc;
const WRONG = 'nope4321';

before(async () => {
  h = await createHarness();
  smsc = await startSmsc();
  await h.startWorker();
  web = await startWebApp(h);
});
after(async () => {
  await web?.close();
  await h.close();
  await smsc?.stop();
});

test('an admin adds an SMPP gateway, tests it, fixes its credentials and picks the default', async () => {
  const page = await web.browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await signIn(page, web.url);
  await page.goto(`${web.url}/settings/gateways`);
  // The worker's start recorded the environment's SMTP relay as the email default.
  await page
    .locator('[data-testid=gateways-email] [data-testid=gateway-is-default]')
    .waitFor({ timeout: 30_000 });
  assert.match(
    (await page.textContent('[data-testid=gateways-sms]')) ?? '',
    /No sms gateway: sms steps are skipped/,
  );

  await page.click('[data-testid=gateway-add]');
  await page.selectOption('[data-testid=gateway-provider]', 'smpp');
  await page.fill('[data-testid=gateway-name]', 'Local SMSC');
  await page.fill('[data-testid=gateway-senders]', 'Shop, Herald');
  await page.fill('[data-testid=gateway-rate]', '50');
  await page.fill('[data-testid="gateway-settings-host"]', '127.0.0.1');
  await page.fill('[data-testid="gateway-settings-port"]', String(smsc.port));
  await page.fill('[data-testid="gateway-credentials-systemId"]', SMSC_SYSTEM_ID);
  await page.fill('[data-testid="gateway-credentials-password"]', WRONG);
  await page.click('[data-testid=gateway-save]');

  const row = page.locator('[data-testid="gateway-Local SMSC"]');
  await row.waitFor();
  assert.equal(
    await row.locator('[data-testid=gateway-senders-cell]').textContent(),
    'Shop, Herald',
  );
  assert.equal(await row.locator('[data-testid=gateway-rate-cell]').textContent(), '50/s');
  assert.equal(
    await row.locator('[data-testid=gateway-credentials-cell]').textContent(),
    'password, systemId set',
  );
  // The first gateway of its channel is its default.
  assert.equal(await row.locator('[data-testid=gateway-is-default]').count(), 1);

  await row.locator('[data-testid=gateway-test]').click();
  const result = row.locator('[data-testid=gateway-test-result]');
  await result.waitFor({ timeout: 60_000 });
  assert.match((await result.textContent()) ?? '', /^Failed: .*refused the bind: ESME_RINVPASWD/);
  await page.screenshot({ path: path.join(shots, 'gateways-test-refused.png'), fullPage: true });

  // Credentials are write-only: the edit form holds none of them, and the page never shows them.
  await row.locator('[data-testid=gateway-edit]').click();
  assert.equal(await page.inputValue('[data-testid="gateway-credentials-password"]'), '');
  assert.match(
    (await page.textContent('[data-testid=gateway-credentials-note]')) ?? '',
    /Stored and never shown: password, systemId/,
  );
  assert.equal((await page.content()).includes(WRONG), false);
  await page.fill('[data-testid="gateway-credentials-systemId"]', SMSC_SYSTEM_ID);
  await page.fill('[data-testid="gateway-credentials-password"]', SMSC_PASSWORD);
  await page.click('[data-testid=gateway-save]');
  await page.locator('[data-testid=gateway-form]').waitFor({ state: 'detached' });
  await row.locator('[data-testid=gateway-test]').click();
  await page
    .locator(
      '[data-testid="gateway-Local SMSC"] [data-testid=gateway-test-result] >> text=Connected',
    )
    .waitFor({ timeout: 60_000 });
  assert.match(
    (await result.textContent()) ?? '',
    new RegExp(`^Connected: bound to 127\\.0\\.0\\.1:${smsc.port} as ${SMSC_SYSTEM_ID}`),
  );
  assert.equal((await page.content()).includes(SMSC_PASSWORD), false);
  await page.screenshot({ path: path.join(shots, 'gateways-test-connected.png'), fullPage: true });

  // A second SMS gateway: a bad URL is refused under its field, then fixed.
  await page.click('[data-testid=gateway-add]');
  await page.selectOption('[data-testid=gateway-provider]', 'http');
  await page.fill('[data-testid=gateway-name]', 'Smstraffic');
  await page.fill('[data-testid="gateway-settings-url"]', 'smstraffic.example/send');
  await page.fill('[data-testid="gateway-settings-fields"]', 'phone: {{ to }}\nmsg: {{ text }}');
  await page.fill('[data-testid="gateway-settings-messageIdPath"]', 'result.id');
  await page.fill(
    '[data-testid="gateway-credentials-headers"]',
    'Authorization: Bearer sealed-9f2c',
  );
  await page.click('[data-testid=gateway-save]');
  const urlError = page.locator('[data-testid="error-gateway-settings-url"]');
  await urlError.waitFor();
  assert.match((await urlError.textContent()) ?? '', /http:\/\/ or https:\/\/ URL/);
  await page.screenshot({ path: path.join(shots, 'gateways-field-error.png'), fullPage: true });
  await page.fill('[data-testid="gateway-settings-url"]', 'https://smstraffic.example/send');
  await page.click('[data-testid=gateway-save]');
  const second = page.locator('[data-testid="gateway-Smstraffic"]');
  await second.waitFor();
  assert.equal(
    await second.locator('[data-testid=gateway-credentials-cell]').textContent(),
    'headers set',
  );
  // The address the provider posts delivery reports to, to paste into its console.
  assert.match(
    (await second.locator('[data-testid=gateway-callback-url]').textContent()) ?? '',
    /\/callbacks\/gateways\/[0-9a-f-]{36}\/\S+$/,
  );
  await second.locator('[data-testid=gateway-make-default]').click();
  await second.locator('[data-testid=gateway-is-default]').waitFor();
  assert.equal(await row.locator('[data-testid=gateway-is-default]').count(), 0);
  assert.equal((await page.content()).includes('sealed-9f2c'), false);
  await page.screenshot({ path: path.join(shots, 'gateways-list.png'), fullPage: true });

  const stored = await h.db('gateways').where({ channel: 'sms' }).orderBy('name');
  assert.deepEqual(
    stored.map((g: { name: string; is_default: boolean }) => [g.name, g.is_default]),
    [
      ['Local SMSC', false],
      ['Smstraffic', true],
    ],
  );
});
