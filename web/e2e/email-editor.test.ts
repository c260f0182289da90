// The visual email editor in a real browser (Debian's Chromium driven by playwright-core) against
// the real api, Postgres and an SMTP server (the local inbox): a marketer builds an email from
// blocks with a personalised greeting and a product loop, goes through the MJML code view and
// back, previews it for a customer found by search at desktop, tablet and mobile widths, and
// sends a test, which arrives rendered for that customer with the right headers.
// An SMS template is typed, counted, previewed and sent as a test through a local SMSC; a push
// template previews on a phone. Screenshots go to .data/screenshots/.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { eventually, type Harness } from '../../scripts/testing/harness.ts';
import { addSmscGateway } from '../../scripts/testing/gateway-registry.ts';
import { startSmsc } from '../../scripts/testing/smsc.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;

useWebApp(
  (started, webApp) => {
    h = started;
    web = webApp;
  },
  { worker: false },
);

test('a marketer builds an email from blocks, previews it at three widths and sends a test', async () => {
  // The default email gateway signs with DKIM: a test send is signed with its key.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const gateway = await h.api('/v1/gateways', {
    body: {
      name: 'Shop mail',
      provider: 'smtp',
      isDefault: true,
      settings: {
        host: '127.0.0.1',
        port: h.smtp.port,
        from: 'Shop <news@shop.example>',
        dkim: { domainName: 'shop.example', keySelector: 'mail2026' },
      },
      credentials: {
        dkimPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    },
  });
  assert.equal(gateway.status, 201, JSON.stringify(gateway.body));
  await h.api('/v1/customers', {
    body: { email: 'ola.nordmann@example.com', firstName: 'Ola', lastName: 'Nordmann' },
  });
  const page = await web.browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await signIn(page, web.url);

  await page.goto(`${web.url}/templates`);
  await page.fill('[data-testid=new-template-name]', 'Winter picks');
  await page.click('[data-testid=new-template]');
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  const templateId = page.url().split('/').pop()!;
  await page.locator('[data-testid=block-text]:not([disabled])').waitFor({ timeout: 60_000 });

  // Blocks, a variable from the picker into the new text block, the product loop, the footer.
  await page.click('[data-testid=block-text]');
  await page.selectOption('[data-testid=variable-picker]', 'customer.firstName');
  await page.click('[data-testid=insert-variable]');
  for (const block of ['image', 'products', 'button', 'columns', 'divider', 'spacer', 'social'])
    await page.click(`[data-testid=block-${block}]`);
  await page.click('[data-testid=block-unsubscribe]');
  // The footer saved as "Our footer" (still selected after it was added), offered as a block,
  // and inserted again from there.
  await page.fill('[data-testid=saved-block-name]', 'Our footer');
  await page.click('[data-testid=save-block]');
  await page.locator('[data-testid=saved-block]', { hasText: 'Our footer' }).click();
  const blocks = await h.api('/v1/template-blocks');
  assert.deepEqual(
    blocks.body.blocks.map((b: { name: string; mjml: string }) => [
      b.name,
      /unsubscribeUrl/.test(b.mjml),
    ]),
    [['Our footer', true]],
  );
  await page.fill(
    '[data-testid=template-subject]',
    'Picked for you, {{ customer.firstName | default: "friend" }}',
  );
  await page.screenshot({ path: path.join(shots, 'email-editor-canvas.png'), fullPage: true });

  // The MJML code view shows everything, and an edit there comes back to the canvas.
  await page.click('[data-testid=code-view]');
  const code = await page.inputValue('[data-testid=mjml-code]');
  for (const part of [
    '{% for item in event.properties.items',
    'customer.firstName',
    '<mj-button',
    '<mj-social',
    'unsubscribeUrl',
  ])
    assert.ok(code.includes(part), `the MJML holds ${part}`);
  await page.fill('[data-testid=mjml-code]', code.replace('Shop now', 'See the collection'));
  await page.screenshot({ path: path.join(shots, 'email-editor-code.png'), fullPage: true });
  await page.click('[data-testid=apply-code]');
  await page.click('[data-testid=code-view]');
  const again = await page.inputValue('[data-testid=mjml-code]');
  assert.ok(again.includes('See the collection'), 'the code view edit reached the canvas');
  assert.ok(again.includes('{% for item in event.properties.items'), 'the loop survived');
  await page.click('[data-testid=code-view]');
  await page.click('[data-testid=save-template]');
  await page.locator('[data-testid=template-status]', { hasText: 'Draft saved' }).waitFor();

  // Previews for a customer found by search, at three widths.
  await page.fill('[data-testid=preview-customer-search]', 'nordm');
  await page.click('[data-testid=preview-customer-option]');
  await page.click('[data-testid=preview-button]');
  await page.locator('[data-testid=previews]').waitFor();
  const widths = { desktop: 1024, tablet: 768, mobile: 375 };
  for (const [id, width] of Object.entries(widths)) {
    const frame = page.frameLocator(`[data-testid=preview-frame-${id}]`);
    const text = await frame.locator('body').innerText();
    assert.match(text, /Hello Ola,/, `${id}: the starter's greeting`);
    assert.match(text, /Write something here\.\s*Ola/, `${id}: the picked variable`);
    assert.match(text, /Red scarf[\s\S]*Blue hat/, `${id}: the product loop`);
    assert.match(text, /See the collection/);
    const frameWidth = await page
      .locator(`[data-testid=preview-frame-${id}]`)
      .evaluate((f) => (f as unknown as { offsetWidth: number }).offsetWidth);
    assert.equal(frameWidth, width, `${id} renders at ${width}px`);
  }
  assert.equal(
    await page.locator('[data-testid=preview-subject]').first().innerText(),
    'Picked for you, Ola',
  );
  // The three previews side by side (an element shot: frames outside the viewport are not painted).
  await page.locator('[data-testid=previews]').screenshot({
    path: path.join(shots, 'email-editor-previews.png'),
  });

  // A test to the local inbox, rendered for Ola, marked as a test, with List-Unsubscribe.
  await page.fill('[data-testid=test-send-to]', 'qa@example.com');
  await page.click('[data-testid=test-send-button]');
  await page
    .locator('[data-testid=preview-status]', { hasText: 'sent to qa@example.com' })
    .waitFor();
  const [mail] = await h.smtp.waitFor((m) => m.subject === '[Test] Picked for you, Ola');
  const header = (name: string) => mail!.headerLines.find((l) => l.key === name)?.line ?? '';
  assert.match(header('x-herald-test'), /true/);
  assert.match(header('list-unsubscribe'), /<https?:\/\/[^>]+\/u\/[^>]+>/);
  assert.match(header('list-unsubscribe-post'), /List-Unsubscribe=One-Click/);
  // Signed as the default gateway signs, over the unsubscribe headers too.
  assert.match(header('dkim-signature'), /d=shop\.example;[\s\S]*s=mail2026;/);
  assert.match(header('dkim-signature'), /list-unsubscribe:list-unsubscribe-post/i);
  const html = String(mail!.html);
  assert.match(html, /Hello Ola,/);
  assert.match(html, /Red scarf[\s\S]*Blue hat/);
  assert.equal(h.smtp.to('qa@example.com').length, 1);
  assert.equal((await h.db('messages').where({ template_id: templateId })).length, 0);
  await eventually(async () =>
    (await h.db('template_test_sends').where({ template_id: templateId })).length === 1
      ? true
      : undefined,
  );
});

test('an SMS template counts characters and parts as one types; a push template previews on a phone', async () => {
  await h.api('/v1/customers', {
    body: { phone: '+4791234567', firstName: 'Kari', email: 'kari@example.com' },
  });
  const page = await web.browser.newPage({ viewport: { width: 1300, height: 1000 } });
  await signIn(page, web.url);
  await page.goto(`${web.url}/templates`);
  await page.fill('[data-testid=new-template-name]', 'Code by SMS');
  await page.selectOption('[data-testid=new-template-channel]', 'sms');
  await page.click('[data-testid=new-template]');
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  const body = page.locator('[data-testid=channel-body]');
  const count = (part: string) => page.locator(`[data-testid=sms-count-${part}]`).innerText();

  await body.fill('x'.repeat(160));
  assert.deepEqual(
    [await count('characters'), await count('parts'), await count('encoding')],
    ['160', '1', 'GSM-7'],
  );
  await body.fill('x'.repeat(161));
  assert.equal(await count('parts'), '2');
  await body.fill('й'.repeat(70));
  assert.deepEqual([await count('parts'), await count('encoding')], ['1', 'UCS-2']);
  await body.fill('й'.repeat(71));
  assert.equal(await count('parts'), '2');

  // The picker inserts at the cursor; the preview renders it for Kari.
  await body.fill('Hi , your code is 1234');
  // The cursor after "Hi ", put there by keys as a person would.
  await body.press('Home');
  for (let i = 0; i < 3; i++) await body.press('ArrowRight');
  await page.selectOption('[data-testid=variable-picker]', 'customer.firstName');
  await page.click('[data-testid=insert-variable]');
  assert.equal(
    await body.inputValue(),
    'Hi {{ customer.firstName | default: "friend" }}, your code is 1234',
  );
  await page.fill('[data-testid=preview-customer-search]', 'Kari');
  await page.click('[data-testid=preview-customer-option]');
  await page.click('[data-testid=preview-button]');
  await page
    .locator('[data-testid=sms-preview-text]', { hasText: 'Hi Kari, your code' })
    .last()
    .waitFor();
  assert.match(await page.locator('[data-testid=rendered-sms-count]').innerText(), /1 part, GSM-7/);
  await page.screenshot({ path: path.join(shots, 'sms-editor.png'), fullPage: true });

  // A test of the same render through the SMS gateway (a local SMSC) to a number typed in.
  const smsc = await startSmsc();
  try {
    await addSmscGateway(h, smsc);
    await h.startWorker();
    await page.fill('[data-testid=test-send-to]', '+4798765432');
    await page.click('[data-testid=test-send-button]');
    await page
      .locator('[data-testid=test-send-results]', { hasText: 'Sent to +4798765432' })
      .waitFor();
    const [sms] = await smsc.waitFor(1);
    assert.deepEqual([sms!.to, sms!.text], ['4798765432', '[Test] Hi Kari, your code is 1234']);
    assert.equal((await h.db('messages')).length, 0);
    await page.screenshot({ path: path.join(shots, 'sms-test-send.png'), fullPage: true });
  } finally {
    await smsc.stop();
  }

  await page.goto(`${web.url}/templates`);
  await page.fill('[data-testid=new-template-name]', 'Back in stock');
  await page.selectOption('[data-testid=new-template-channel]', 'push');
  await page.click('[data-testid=new-template]');
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  await page.fill('[data-testid=channel-subject]', '{{ customer.firstName }}, it is back');
  await page.fill('[data-testid=channel-body]', 'The red scarf is in stock again');
  await page.fill('[data-testid=channel-imageUrl]', `${h.apiUrl}/i/none.png`);
  await page.fill('[data-testid=channel-deepLink]', 'shop://product/scarf');
  await page.fill('[data-testid=preview-customer-search]', 'Kari');
  await page.click('[data-testid=preview-customer-option]');
  await page.click('[data-testid=preview-button]');
  const rendered = page.locator('[data-testid=channel-rendered]');
  await rendered
    .locator('[data-testid=push-preview-title]', { hasText: 'Kari, it is back' })
    .waitFor();
  assert.equal(
    await rendered.locator('[data-testid=push-preview-text]').innerText(),
    'The red scarf is in stock again',
  );
  assert.equal(
    await rendered.locator('[data-testid=push-preview-image]').getAttribute('src'),
    `${h.apiUrl}/i/none.png`,
  );
  await page.screenshot({ path: path.join(shots, 'push-editor.png'), fullPage: true });
  await page.click('[data-testid=publish-template]');
  await page
    .locator('[data-testid=template-status]', { hasText: 'Published as revision' })
    .waitFor();
  const id = page.url().split('/').pop()!;
  const revisions = await h.api(`/v1/templates/${id}/revisions`);
  assert.equal(revisions.body.revisions[0].content.deepLink, 'shop://product/scarf');
});
