// The mailing pages in a real browser (Chromium through playwright-core) against the real api,
// Postgres, Temporal and an SMTP server: a marketer opens Mailings from the navigation, saves a
// draft (its problems listed), completes it with a template and a segment picked by name, sends
// it now and watches the progress reach "sent" with the counts; then pauses, resumes and cancels
// a throttled one, the form read-only but for the throttle while it sends. Screenshots go to
// .data/screenshots/mailings/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;
const dir = path.join(shots, 'mailings');
const N = 40;

useWebApp((started, webApp) => {
  h = started;
  web = webApp;
  mkdirSync(dir, { recursive: true });
});

const text = async (page: Page, selector: string) =>
  ((await page.textContent(selector)) ?? '').trim();
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
const count = async (page: Page, key: string) =>
  Number((await text(page, `[data-testid=count-${key}] dd`)).replace(/\D/g, ''));

/** N customers in Mailville with an email, one without (left out: no contact), and a segment of them. */
async function fixtures() {
  for (let i = 0; i < N; i++)
    await h.api(`/v1/customers/external/mail-${i}`, {
      method: 'PUT',
      body: { firstName: `Reader${i}`, email: `reader-${i}@example.com`, city: 'Mailville' },
    });
  await h.api('/v1/customers/external/mail-none', {
    method: 'PUT',
    body: { firstName: 'Nomail', city: 'Mailville' },
  });
  const segment = await h.api('/v1/segments', {
    body: {
      name: 'Mailville readers',
      rules: {
        kind: 'group',
        match: 'all',
        children: [
          { kind: 'attribute', field: 'city', test: { op: 'equals', value: 'Mailville' } },
        ],
      },
    },
  });
  assert.equal(segment.status, 201, JSON.stringify(segment.body));
  const segmentId = segment.body.segment.id as string;
  await eventually(async () => {
    const s = await h.api(`/v1/segments/${segmentId}`);
    return s.body.segment.metrics?.profiles === N + 1 || undefined;
  }, 60_000);
  const template = await h.api('/v1/templates', {
    body: {
      name: 'Winter news',
      subject: 'Winter news for {{ customer.firstName }}',
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ customer.firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>',
    },
  });
  assert.equal(template.status, 201, JSON.stringify(template.body));
  return { segmentId, templateId: template.body.template.id as string };
}

test('a marketer sends a mailing to a segment now and watches it reach sent with its counts', async () => {
  const { templateId } = await fixtures();
  const page = await web.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page, web.url);
  await page.click('.topnav >> text=Mailings');
  await page.waitForURL('**/mailings');
  await page.click('[data-testid=new-mailing]');
  await page.waitForURL('**/mailings/new');

  // A draft saves with what it lacks listed, and cannot be sent yet.
  await page.fill('[data-testid=mailing-name]', 'Winter news');
  await page.click('[data-testid=mailing-create]');
  await page.waitForURL(/\/mailings\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1)!;
  const problems = await text(page, '[data-testid=mailing-problems]');
  assert.match(problems, /choose a template to send/);
  assert.match(problems, /include at least one segment or audience/);
  assert.ok(await page.isDisabled('[data-testid=mailing-start]'));
  await shot(page, 'mailing-draft-problems');

  // Completed: the template, and the segment picked by its name.
  await page.selectOption('[data-testid=mailing-template]', templateId);
  await page.click('[data-testid=audience-include-picker]');
  await page.fill('[data-testid=audience-include-picker]', 'mailville');
  await page.click('[data-testid=audience-include-picker-option] >> text=Mailville readers');
  assert.match(await text(page, '[data-testid=audience-include]'), /Mailville readers/);
  await page.click('[data-testid=mailing-save]');
  await page.locator('[data-testid=mailing-problems]').waitFor({ state: 'detached' });
  assert.equal(await text(page, '[data-testid=mailing-start]'), 'Send now');
  await shot(page, 'mailing-draft-complete');

  await page.click('[data-testid=mailing-start]');
  await page.locator('[data-testid=mailing-live]').waitFor();
  await eventually(
    async () => ((await text(page, '[data-testid=mailing-status]')) === 'sent' ? true : undefined),
    120_000,
  );
  assert.equal(await count(page, 'recipients'), N);
  assert.equal(await count(page, 'sent'), N);
  assert.equal(await count(page, 'queued'), 0);
  assert.equal(await count(page, 'failed'), 0);
  assert.equal(await page.getAttribute('[data-testid=mailing-progress]', 'aria-valuenow'), '100');
  assert.match(await text(page, '[data-testid=mailing-excluded]'), /1 no contact/);
  // Sent: only the attribution rules can change; the rest of the form is read-only.
  assert.match(await text(page, '[data-testid=mailing-readonly]'), /only its attribution rules/);
  assert.ok(await page.isDisabled('[data-testid=mailing-name]'));
  assert.ok(await page.isDisabled('[data-testid=mailing-throttle]'));
  assert.ok(!(await page.isDisabled('[data-testid=mailing-attribution-days]')));
  await shot(page, 'mailing-sent');
  assert.equal(h.smtp.to('reader-0@example.com')[0]?.subject, 'Winter news for Reader0');
  assert.equal(new Set(h.smtp.mails.map((m) => m.subject)).size, N, 'one each');

  await page.click('.topnav >> text=Mailings');
  await page.waitForURL('**/mailings');
  const row = page.locator(`[data-testid=mailing-row-${id}]`);
  await row.locator('[data-testid=mailing-progress]').waitFor();
  assert.equal(await row.locator('[data-testid=mailing-row-status]').textContent(), 'sent');
  await shot(page, 'mailings-list');
});

test('a throttled mailing is paused, resumed and cancelled from its page; only the throttle can change while it sends', async () => {
  const segments = (await h.api('/v1/segments')).body.segments as { id: string; name: string }[];
  const segmentId = segments.find((s) => s.name === 'Mailville readers')!.id;
  const templates = (await h.api('/v1/templates')).body.templates as { id: string }[];
  const made = await h.api('/v1/mailings', {
    body: {
      name: 'Slow news',
      channel: 'email',
      templateId: templates[0]!.id,
      audience: { include: { segments: [segmentId] } },
      throttlePerMinute: 12,
    },
  });
  const id = made.body.mailing.id as string;
  const page = await web.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page, web.url);
  await page.goto(`${web.url}/mailings/${id}`);
  await page.click('[data-testid=mailing-start]');
  await eventually(
    async () =>
      (await text(page, '[data-testid=mailing-status]')) === 'sending' ? true : undefined,
    60_000,
  );
  assert.match(await text(page, '[data-testid=mailing-readonly]'), /change the throttle/);
  assert.ok(await page.isDisabled('[data-testid=mailing-template]'));
  assert.ok(!(await page.isDisabled('[data-testid=mailing-throttle]')));

  await page.click('[data-testid=mailing-pause]');
  await eventually(async () =>
    (await text(page, '[data-testid=mailing-status]')) === 'paused' ? true : undefined,
  );
  await shot(page, 'mailing-paused');
  // Paused: nothing more leaves.
  const sentWhenPaused = (await h.api(`/v1/mailings/${id}`)).body.mailing.counts.sent as number;
  await new Promise((r) => setTimeout(r, 6_000));
  assert.equal((await h.api(`/v1/mailings/${id}`)).body.mailing.counts.sent, sentWhenPaused);
  assert.ok(sentWhenPaused < N, 'throttled: not all sent yet');

  await page.fill('[data-testid=mailing-throttle]', '24');
  await page.click('[data-testid=mailing-save]');
  await eventually(async () =>
    (await h.api(`/v1/mailings/${id}`)).body.mailing.throttlePerMinute === 24 ? true : undefined,
  );
  await page.click('[data-testid=mailing-resume]');
  await eventually(async () =>
    (await h.api(`/v1/mailings/${id}`)).body.mailing.counts.sent > sentWhenPaused
      ? true
      : undefined,
  );
  page.once('dialog', (d) => void d.accept());
  await page.click('[data-testid=mailing-cancel]');
  await eventually(async () =>
    (await text(page, '[data-testid=mailing-status]')) === 'cancelled' ? true : undefined,
  );
  assert.match(await text(page, '[data-testid=mailing-readonly]'), /only its attribution rules/);
  await shot(page, 'mailing-cancelled');
});
