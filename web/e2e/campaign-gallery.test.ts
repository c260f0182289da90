// The marketer's workspace in a real browser: the abandoned-cart campaign started from the
// gallery and published in a handful of actions, then drawn from an empty canvas with clicks
// (each new step lands under the selected one and follows it) and the event pickers. Every
// step stays inside the canvas at 1440 × 900 and at 1024 × 768. Screenshots go to
// .data/screenshots/workspace-*.png; the action counts are printed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let app: WebApp;

useWebApp((started, webApp) => {
  h = started;
  app = webApp;
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shots, `workspace-${name}.png`) });

/** Counts what the marketer does: each click, typed field or pick is one action. */
function counter(page: Page) {
  let count = 0;
  return {
    click: (selector: string) => (count++, page.click(selector)),
    fill: (selector: string, value: string) => (count++, page.fill(selector, value)),
    pick: (selector: string, value: string) => (count++, page.selectOption(selector, value)),
    drag: async (from: string, to: string) => {
      count++;
      const a = (await page.locator(from).boundingBox())!;
      const b = (await page.locator(to).boundingBox())!;
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
      await page.mouse.up();
    },
    get count() {
      return count;
    },
  };
}

/** Every step is drawn whole inside the canvas, none on top of another: nothing to scroll to. */
async function allInView(page: Page, ids: string[]) {
  const canvas = (await page.locator('[data-testid=campaign-canvas]').boundingBox())!;
  const boxes = [];
  for (const id of ids) {
    const box = (await page.locator(`[data-testid=canvas-node-${id}]`).boundingBox())!;
    assert.ok(
      box.x >= canvas.x &&
        box.y >= canvas.y &&
        box.x + box.width <= canvas.x + canvas.width &&
        box.y + box.height <= canvas.y + canvas.height,
      `${id} at ${JSON.stringify(box)} is not inside the canvas ${JSON.stringify(canvas)}`,
    );
    boxes.push({ id, ...box });
  }
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      assert.ok(
        a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y,
        `${a.id} and ${b.id} overlap`,
      );
  return canvas;
}

const cartSteps = ['cart-left', 'reminder', 'wait-purchase', 'bought', 'last-call', 'reminded'];

test('the abandoned-cart campaign from the gallery, published in three actions', async () => {
  const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await signIn(page, app.url);
    const act = counter(page);
    await page.locator('[data-testid=gallery-abandoned-cart]').waitFor();
    await shot(page, '01-gallery-1440');
    await act.click('[data-testid=gallery-use-abandoned-cart]');
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split('/').at(-1)!;
    await page.locator('[data-testid=canvas-node-last-call]').waitFor();
    const canvas = await allInView(page, cartSteps);
    assert.ok(canvas.width > 800, `the canvas is ${canvas.width} px wide at 1440`);
    // A ready campaign has no problem to fix: no list over the canvas.
    assert.equal(await page.locator('[data-testid=draft-problems]').count(), 0);
    assert.deepEqual((await page.locator('[data-testid=edge-label]').allTextContents()).sort(), [
      'event',
      'timeout',
    ]);
    await shot(page, '02-gallery-cart-editor-1440');

    await act.click('[data-testid=action-publish]');
    await act.click('[data-testid=confirm-action]');
    await page
      .locator('[data-testid=campaign-name] [data-testid=status-badge]', { hasText: 'Active' })
      .waitFor();
    await page.locator('[data-testid=toast]', { hasText: 'Published' }).waitFor();
    console.log(`from the gallery to a live abandoned-cart campaign: ${act.count} actions`);
    assert.ok(act.count < 10);

    const published = (await h.api(`/v1/campaigns/${campaignId}/versions/1`)).body.version.graph;
    assert.deepEqual(published.nodes.map((n: any) => n.id).sort(), [...cartSteps].sort());
    const templates = (await h.api('/v1/templates')).body.templates.map((t: any) => t.name);
    assert.deepEqual(templates.sort(), ['Abandoned cart: last call', 'Abandoned cart: reminder']);
    await page.locator('[data-testid=canvas-node-reminder]').waitFor();
    await shot(page, '03-gallery-cart-live-1440');

    // At 1024 px the editor still shows every step, with room to draw.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.click('[data-testid=tab-edit]');
    await page.locator('[data-testid=canvas-node-last-call]').waitFor();
    await page.click('[data-testid=fit]');
    await eventually(async () =>
      (await allInView(page, cartSteps).catch(() => undefined)) ? true : undefined,
    );
    const narrow = (await page.locator('[data-testid=campaign-canvas]').boundingBox())!;
    assert.ok(narrow.width >= 560, `the canvas is ${narrow.width} px wide at 1024`);
    await shot(page, '04-gallery-cart-editor-1024');
    await page.click('[data-testid=toggle-palette]');
    await page.click('[data-testid=toggle-panel]');
    const folded = (await page.locator('[data-testid=campaign-canvas]').boundingBox())!;
    assert.ok(folded.width > narrow.width + 300, 'folding the palette and panel widens the canvas');
    await shot(page, '05-gallery-cart-folded-1024');

    // A test run of the draft: a tester picked by search follows it, whatever the re-entry rule;
    // the step they stand at is marked on the canvas, and nothing counts on the live numbers.
    await h.api('/v1/customers', {
      body: { externalId: 'tess', email: 'tess@example.com', firstName: 'Tess' },
    });
    await page.fill('[data-testid=test-run-customer-search]', 'tess');
    await page.click('[data-testid=test-run-customer-option]');
    for (let i = 0; i < 2; i++) {
      await page.click('[data-testid=test-run-start]');
      await page.locator('[data-testid=test-run-path]', { hasText: 'running' }).waitFor();
    }
    await page.locator('.step-trail-current').first().waitFor();
    assert.equal(await page.locator('[data-testid=test-run-error]').count(), 0);
    await shot(page, '06-draft-test-run-1024');

    // The campaign list at 1024 px: folders, numbers and row actions on one screen.
    await page.goto(`${app.url}/campaigns`);
    await page.locator(`[data-testid=campaign-row-${campaignId}]`).waitFor();
    await shot(page, '07-campaign-list-1024');
    // Every section in the top bar is visible at 1024 px: the list does not scroll, and the
    // settings pages are one menu away.
    const nav = await page
      .locator('.topnav')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(nav.scroll <= nav.client, `the top bar's sections overflow: ${JSON.stringify(nav)}`);
    await page.click('[data-testid=settings-menu] summary');
    await page.locator('[data-testid=settings-menu] >> text=Team').waitFor();
    await shot(page, '07-settings-menu-1024');
    await page.click('[data-testid=settings-menu] summary');
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, '08-campaign-list-1440');

    // Using the same ready campaign again reuses its emails: no name listed twice.
    await page.goto(`${app.url}/campaigns`);
    await page.click('[data-testid=open-gallery]');
    await page.click('[data-testid=gallery-use-abandoned-cart]');
    await page.waitForURL(
      (u) => u.pathname !== '/campaigns' && u.pathname.startsWith('/campaigns/'),
    );
    assert.equal((await h.api('/v1/templates')).body.templates.length, 2);
  } catch (err) {
    await shot(page, 'failure-gallery');
    throw err;
  }
});

test('the abandoned-cart campaign from an empty canvas, with clicks and pickers', async () => {
  const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    // Events Herald has seen fill the event pickers.
    for (const type of ['cart_updated', 'purchase'])
      await h.api('/v1/events', { body: { type, externalId: 'seen', properties: { total: 9 } } });
    const reminder = (await h.api('/v1/templates')).body.templates.find(
      (t: any) => t.name === 'Abandoned cart: reminder',
    ).id;
    await signIn(page, app.url);
    const act = counter(page);
    await act.fill('[data-testid=new-campaign-name]', 'Abandoned cart, clicked');
    await act.click('[data-testid=new-campaign]');
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);

    await act.click('[data-testid=palette-trigger]');
    const offered = await page
      .locator('#recorded-event-types option')
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    assert.deepEqual(offered.sort(), ['cart_updated', 'purchase']);
    await act.fill('[data-testid=field-eventType]', 'cart_updatd');
    await page.locator('[data-testid=field-eventType-unknown]').waitFor();
    await page.fill('[data-testid=field-eventType]', 'cart_updated'); // the typo, fixed
    await page.locator('[data-testid=field-eventType-unknown]').waitFor({ state: 'detached' });
    // Each step clicked in lands under the selected one and follows it.
    await act.click('[data-testid=palette-waitForEvent]');
    await act.fill('[data-testid=field-eventType]', 'purchase');
    await act.click('[data-testid=palette-exit]'); // "event" → exit
    await act.click('[data-testid=canvas-node-waitForEvent]');
    await act.click('[data-testid=palette-sendEmail]'); // "timeout" → email
    await act.pick('[data-testid=field-templateId]', reminder);
    await page.locator('[data-testid=template-preview]', { hasText: 'Still thinking' }).waitFor();
    await act.drag('[data-testid=handle-sendEmail-next]', '[data-testid=handle-in-exit]');
    await eventually(async () =>
      (await page.locator('.react-flow__edge').count()) === 4 ? true : undefined,
    );
    await allInView(page, ['trigger', 'waitForEvent', 'exit', 'sendEmail']);
    assert.match(
      (await page.textContent('[data-testid=canvas-node-waitForEvent] .step-title')) ?? '',
      /^Wait up to 1 day for purchase$/,
    );
    // Arrow keys walk the journey: up from the wait is the trigger, down again the wait.
    await page.locator('[data-testid=canvas-node-waitForEvent]').click();
    await page.keyboard.press('ArrowUp');
    await page.locator('[data-testid=node-panel][data-node-id=trigger]').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid=node-panel][data-node-id=waitForEvent]').waitFor();
    await eventually(async () =>
      (await page.textContent('[data-testid=save-status]')) === 'All changes saved'
        ? true
        : undefined,
    );
    await shot(page, '06-clicked-cart-1440');

    await act.click('[data-testid=action-publish]');
    await act.click('[data-testid=confirm-action]');
    await page
      .locator('[data-testid=campaign-name] [data-testid=status-badge]', { hasText: 'Active' })
      .waitFor();
    console.log(`from an empty canvas to a live abandoned-cart campaign: ${act.count} actions`);
    const campaignId = page.url().split('/').at(-1)!;
    const graph = (await h.api(`/v1/campaigns/${campaignId}/versions/1`)).body.version.graph;
    assert.deepEqual(graph.edges.map((e: any) => `${e.from}:${e.exit}->${e.to}`).sort(), [
      'sendEmail:next->exit',
      'trigger:next->waitForEvent',
      'waitForEvent:event->exit',
      'waitForEvent:timeout->sendEmail',
    ]);
  } catch (err) {
    await shot(page, 'failure-empty-canvas');
    throw err;
  }
});
