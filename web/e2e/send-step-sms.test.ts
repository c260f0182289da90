// The send step's form on the campaign canvas, in Chromium: picking an SMS template for the
// cascade's SMS channel shows its text with the live character and part count (GSM-7 or UCS-2,
// as the SMPP gateway splits it), and picking another changes the count.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { insertTemplate } from '../../scripts/testing/gateway-registry.ts';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, startWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let app: WebApp;
let long: string;
let cyrillic: string;

before(async () => {
  h = await createHarness();
  // 161 GSM-7 characters: one past a single SMS, so two parts of at most 153.
  long = await insertTemplate(h, {
    name: 'Long reminder',
    channel: 'sms',
    body: `Your basket is waiting. ${'x'.repeat(137)}`,
  });
  cyrillic = await insertTemplate(h, {
    name: 'Напоминание',
    channel: 'sms',
    body: 'Ваша корзина ждёт вас',
  });
  app = await startWebApp(h);
});
after(async () => {
  await app?.close();
  await h.close();
});

test('the SMS channel of a send step shows its template’s characters, parts and encoding', async () => {
  const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, app.url);
  await page.fill('[data-testid=new-campaign-name]', 'Basket reminder');
  await page.click('[data-testid=new-campaign]');
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await page.click('[data-testid=palette-trigger]');
  await page.fill('[data-testid=field-eventType]', 'cart_updated');
  await page.click('[data-testid=palette-sendMessage]');
  await page.selectOption('[data-testid="field-channels.0.channel"]', 'sms');
  await page.selectOption('[data-testid="field-channels.0.templateId"]', long);
  const count = (part: string) => page.locator(`[data-testid=step-sms-count-${part}]`).innerText();
  await page.locator('[data-testid=step-sms-count]').waitFor();
  assert.deepEqual(
    [await count('characters'), await count('parts'), await count('encoding')],
    ['161', '2', 'GSM-7'],
  );
  assert.match(
    await page.locator('[data-testid=template-preview-text]').innerText(),
    /^Your basket is waiting\./,
  );
  await page.screenshot({ path: path.join(shots, 'send-step-sms-count.png') });

  await page.selectOption('[data-testid="field-channels.0.templateId"]', cyrillic);
  await page.locator('[data-testid=step-sms-count-encoding]', { hasText: 'UCS-2' }).waitFor();
  assert.deepEqual([await count('characters'), await count('parts')], ['21', '1']);
  await page.screenshot({ path: path.join(shots, 'send-step-sms-count-ucs2.png') });
});
