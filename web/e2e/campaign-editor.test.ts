// A marketer builds the abandoned-cart campaign from an empty canvas in a real browser: drags
// steps from the palette, connects their exits, sees and fixes the problems the canvas shows,
// is refused publishing until then, publishes, and watches the counters move as events arrive
// through the api. Screenshots of each step go to .data/screenshots/editor-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { cartReminderTemplate } from '../../scripts/demo-campaigns.ts';
import { createTemplate } from '../../scripts/testing/fixtures.ts';
import { eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let app: WebApp;

useWebApp((started, webApp) => {
  h = started;
  app = webApp;
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shots, `editor-${name}.png`) });

/**
 * Drags a palette entry onto the canvas, (dx, dy) from the canvas's top centre, with the mouse
 * as a marketer does, and checks that the new step landed under the pointer.
 */
async function drop(page: Page, kind: string, dx: number, dy: number) {
  const canvas = (await page.locator('[data-testid=campaign-canvas]').boundingBox())!;
  const from = (await page.locator(`[data-testid=palette-${kind}]`).boundingBox())!;
  const to = { x: canvas.x + canvas.width / 2 + dx, y: canvas.y + dy };
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
  const node = page.locator(`[data-testid=canvas-node-${kind}]`);
  await node.waitFor();
  // Relative to the canvas, in case the page above it changed height meanwhile.
  const now = (await page.locator('[data-testid=campaign-canvas]').boundingBox())!;
  const box = (await node.boundingBox())!;
  box.x += canvas.x - now.x;
  box.y += canvas.y - now.y;
  assert.ok(
    Math.abs(box.x + 110 - to.x) < 40 && Math.abs(box.y + 30 - to.y) < 40,
    `the ${kind} step landed at ${box.x},${box.y}, not under the pointer at ${to.x},${to.y}`,
  );
}

/** Drags from one step's exit handle to another step's input, as a marketer does. */
async function connect(page: Page, from: string, exit: string, to: string) {
  const source = (await page.locator(`[data-testid=handle-${from}-${exit}]`).boundingBox())!;
  const target = (await page.locator(`[data-testid=handle-in-${to}]`).boundingBox())!;
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
  await page.mouse.up();
}

const text = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';

/** A counter on a step of the live view, as drawn. */
const stat = (page: Page, node: string, name: string) =>
  text(page, `[data-testid=canvas-node-${node}] [data-stat=${name}]`);

test('build, check, publish and watch the abandoned-cart campaign from an empty canvas', async () => {
  const page = await app.browser.newPage({ viewport: { width: 1440, height: 1200 } });
  try {
    await buildAndWatch(page);
  } catch (err) {
    await shot(page, 'failure');
    throw err;
  }
});

async function buildAndWatch(page: Page) {
  const templateId = await createTemplate(h, cartReminderTemplate);
  await signIn(page, app.url);

  await page.fill('[data-testid=new-campaign-name]', 'Abandoned cart, drawn');
  await page.click('[data-testid=new-campaign]');
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const campaignId = page.url().split('/').at(-1)!;
  await page.locator('[data-testid=palette]').waitFor();
  await shot(page, '01-empty-canvas');

  // The trigger: dropped, it says at once what it lacks; typing the event type fixes it.
  await drop(page, 'trigger', -200, 50);
  await page.locator('[data-testid=canvas-node-trigger]').waitFor();
  assert.match(await text(page, '[data-testid=node-problems-trigger]'), /eventType/);
  await page.fill('[data-testid=field-eventType]', 'cart_updated');
  // What is left is the exit still to connect.
  await eventually(async () =>
    /^connect the "next" exit$/.test(await text(page, '[data-testid=node-problems-trigger]'))
      ? true
      : undefined,
  );

  await drop(page, 'waitForEvent', -200, 220);
  await page.locator('[data-testid=canvas-node-waitForEvent]').waitFor();
  await page.fill('[data-testid=field-eventType]', 'purchase');
  // A timeout of zero is a mistake the canvas shows on the step and in its form.
  await page.fill('[data-testid="field-timeout.amount"]', '0');
  await page.selectOption('[data-testid="field-timeout.unit"]', 'seconds');
  assert.match(
    await text(page, '[data-testid=node-problems-waitForEvent]'),
    /a delay must be longer than zero/,
  );
  await page.locator('[data-testid="error-field-timeout.amount"]').waitFor();

  await drop(page, 'sendEmail', 150, 260);
  await page.locator('[data-testid=canvas-node-sendEmail]').waitFor();
  await page.selectOption('[data-testid=field-templateId]', templateId);
  await drop(page, 'exit', 0, 480);
  await page.locator('[data-testid=canvas-node-exit]').waitFor();

  await connect(page, 'trigger', 'next', 'waitForEvent');
  await connect(page, 'waitForEvent', 'timeout', 'sendEmail');
  await connect(page, 'waitForEvent', 'event', 'exit');
  await connect(page, 'sendEmail', 'next', 'exit');
  await eventually(async () =>
    (await page.locator('.react-flow__edge').count()) === 4 ? true : undefined,
  );
  assert.deepEqual((await page.locator('[data-testid=edge-label]').allTextContents()).sort(), [
    'event',
    'timeout',
  ]);
  await eventually(async () =>
    (await text(page, '[data-testid=save-status]')) === 'All changes saved' ? true : undefined,
  );
  await shot(page, '02-drawn-with-a-problem');

  // Copy and paste a step, undo the paste, redo it, and delete the copy with the keyboard.
  const copy = page.locator('[data-testid=canvas-node-exit-copy]');
  await page.locator('[data-testid=canvas-node-exit]').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await copy.waitFor();
  await page.click('[data-testid=undo]');
  await copy.waitFor({ state: 'detached' });
  await page.click('[data-testid=redo]');
  await copy.waitFor();
  await copy.click();
  await page.keyboard.press('Delete');
  await copy.waitFor({ state: 'detached' });

  // Tidy up: elkjs lays the steps out top to bottom in journey order.
  await page.click('[data-testid=tidy]');
  const top = async (id: string) =>
    (await page.locator(`[data-testid=canvas-node-${id}]`).boundingBox())!.y;
  await eventually(async () => {
    const ys = [
      await top('trigger'),
      await top('waitForEvent'),
      await top('sendEmail'),
      await top('exit'),
    ];
    return ys.every((y, i) => i === 0 || y > ys[i - 1]! + 40) ? true : undefined;
  });
  await shot(page, '02b-tidied');

  // Publishing is refused with the problem, a link that selects the step at fault.
  await page.click('[data-testid=action-publish]');
  assert.match(await text(page, '[data-testid=confirm-effect]'), /Journeys in flight/);
  assert.equal(await text(page, '[data-testid=confirm-running]'), 'No journeys are running now.');
  await page.click('[data-testid=confirm-action]');
  const refused = page.locator('[data-testid=publish-problems]');
  await refused.waitFor();
  assert.match(
    (await refused.textContent()) ?? '',
    /waitForEvent: a delay must be longer than zero/,
  );
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.locator('[data-testid=settings-panel]').waitFor();
  // With no step selected, the panel holds the campaign settings: a cart may be left again later.
  await page.selectOption('[data-testid="setting-reentry.kind"]', 'notWhileRunning');
  await refused.locator('[data-testid=problem-link]').first().click();
  await page.locator('[data-testid=node-panel][data-node-id=waitForEvent]').waitFor();
  await shot(page, '03-publish-refused');

  await page.fill('[data-testid="field-timeout.amount"]', '4');
  await page.locator('[data-testid=node-problems-waitForEvent]').waitFor({ state: 'detached' });
  await page.click('[data-testid=action-publish]');
  await page.fill('[data-testid=publish-note]', 'Drawn in the browser');
  await page.click('[data-testid=confirm-action]');
  await page
    .locator('[data-testid=campaign-name] [data-testid=status-badge]', { hasText: 'Active' })
    .waitFor();

  const published = await h.api(`/v1/campaigns/${campaignId}`);
  assert.deepEqual(
    published.body.campaign.versions.map((v: any) => [v.version, v.note]),
    [[1, 'Drawn in the browser']],
  );
  const version = await h.api(`/v1/campaigns/${campaignId}/versions/1`);
  assert.deepEqual(version.body.version.graph.reentry, { kind: 'notWhileRunning' });
  assert.deepEqual(
    version.body.version.graph.edges.map((e: any) => `${e.from}:${e.exit}->${e.to}`).sort(),
    [
      'sendEmail:next->exit',
      'trigger:next->waitForEvent',
      'waitForEvent:event->exit',
      'waitForEvent:timeout->sendEmail',
    ],
  );

  // Live: one customer leaves a cart and buys, another leaves it and gets the reminder.
  await page.click('[data-testid=tab-live]');
  await page.locator('[data-testid=canvas-node-waitForEvent] [data-testid=step-stats]').waitFor();
  const post = (type: string, externalId: string) =>
    h.api('/v1/events', {
      body: {
        type,
        externalId,
        customer: { email: `${externalId}@example.com`, firstName: externalId },
      },
    });
  assert.equal((await post('cart_updated', 'buyer')).status, 202);
  assert.equal((await post('cart_updated', 'browser')).status, 202);
  await eventually(async () =>
    (await stat(page, 'waitForEvent', 'entered')) === '2' ? true : undefined,
  );
  await shot(page, '04-live-two-waiting');
  await post('purchase', 'buyer');
  await eventually(async () =>
    (await stat(page, 'sendEmail', 'sent')) === '1' ? true : undefined,
  );
  await eventually(async () => ((await stat(page, 'exit', 'entered')) === '2' ? true : undefined));
  assert.equal(await stat(page, 'waitForEvent', 'waiting'), '0');
  const counts = await page
    .locator('[data-testid=canvas-node-waitForEvent] .handle-count')
    .allTextContents();
  assert.deepEqual(counts, ['1', '1'], 'one left by "event", one by "timeout"');
  await shot(page, '05-live-counters-moved');

  // A test run: the tester enters from the canvas, and their path is followed to the end.
  await page.fill('[data-testid=test-run-customer-search]', 'browser');
  await page.click('[data-testid=test-run-customer-option]');
  await page.click('[data-testid=test-run-start]');
  await eventually(async () =>
    // Journeys start past their trigger: the path begins at the first step after it.
    /^waitForEvent → sendEmail → exit · completed/.test(
      await text(page, '[data-testid=test-run-path]'),
    )
      ? true
      : undefined,
  );
  await shot(page, '06-test-run-followed');

  // A second version: the timeout changed. The history compares the two and marks the step.
  await page.click('[data-testid=tab-edit]');
  await page.locator('[data-testid=canvas-node-waitForEvent]').click();
  await page.fill('[data-testid="field-timeout.amount"]', '30');
  await page.click('[data-testid=action-publish]');
  await page.fill('[data-testid=publish-note]', 'Longer wait');
  await page.click('[data-testid=confirm-action]');
  await page.locator('[data-testid=confirm-dialog]').waitFor({ state: 'detached' });
  await page.locator('[data-testid=tab-history]').click();
  await eventually(async () =>
    /Longer wait[\s\S]*Drawn in the browser/.test(await text(page, '[data-testid=versions-table]'))
      ? true
      : undefined,
  );
  await eventually(async () =>
    /0 added · 0 removed · 1 changed/.test(await text(page, '[data-testid=diff-summary]'))
      ? true
      : undefined,
  );
  const v2 = await h.api(`/v1/campaigns/${campaignId}/versions/2`);
  assert.deepEqual(
    v2.body.version.graph.nodes.find((n: any) => n.id === 'waitForEvent').timeout,
    { amount: 30, unit: 'seconds' },
    'the edit made after the first publish was saved and published',
  );
  await page.locator('[data-testid=canvas-node-waitForEvent].step-diff-changed').waitFor();
  await shot(page, '07-versions-compared');

  await page.click('a[href="/calendar"]');
  const item = page.locator('[data-testid=calendar-item]', { hasText: 'Abandoned cart, drawn' });
  await item.first().waitFor();
  await shot(page, '08-calendar');
}

test('every kind in the palette lands on the canvas and opens its form', async () => {
  const created = await h.api('/v1/campaigns', { body: { name: 'Every kind' } });
  const page = await app.browser.newPage({ viewport: { width: 1440, height: 1200 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await signIn(page, app.url);
    await page.goto(`${app.url}/campaigns/${created.body.campaign.id}`);
    await page.locator('[data-testid=palette]').waitFor();
    const kinds = await page
      .locator('[data-testid^=palette-]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')!.slice(8)));
    assert.ok(kinds.length >= 18, `the palette holds ${kinds.length} kinds`);
    for (const kind of kinds) {
      await page.click(`[data-testid=palette-${kind}]`); // a click drops it mid-view
      await page.locator(`[data-testid=node-panel][data-node-id="${kind}"]`).waitFor();
      // Lists start with one item or none; adding one must work for every list.
      for (const add of await page.locator('[data-testid=node-panel] .list-field > button').all())
        await add.click();
    }
    await page.click('[data-testid=tidy]');
    await shot(page, '09-every-kind');
    assert.deepEqual(errors, []);
    const saved = await eventually(async () => {
      const c = (await h.api(`/v1/campaigns/${created.body.campaign.id}`)).body.campaign;
      return c.draft.nodes.length === kinds.length ? c : undefined;
    });
    assert.deepEqual(saved.draft.nodes.map((n: any) => n.kind).sort(), [...kinds].sort());
  } catch (err) {
    await shot(page, 'failure-every-kind');
    throw err;
  }
});
