// Large campaigns in a real browser: the 43-step Win-back with its branches folded and unfolded
// in the live view and the editor (the folds kept per campaign in the browser, a folded group's
// live counts summed), the keys between steps (arrows, Enter, Escape, Delete and undo) with the
// selected step named to screen readers, and the Settings menu closing as menus do.
// Screenshots go to .data/screenshots/folding-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { cartReminderTemplate, winBackGraph } from '../../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../../scripts/testing/fixtures.ts';
import { eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let app: WebApp;

useWebApp((started, webApp) => {
  h = started;
  app = webApp;
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shots, `folding-${name}.png`) });
const node = (id: string) => `[data-testid=canvas-node-${id}]`;
const count = (page: Page, selector: string) => page.locator(selector).count();
const until = (check: () => Promise<boolean>) =>
  eventually(async () => ((await check()) ? true : undefined), 20_000);
const announced = (page: Page) => page.textContent('[data-testid=canvas-announcer]');
/** The names on the edges out of a card, sorted. */
const labelsOutOf = async (page: Page, card: string) =>
  (
    await page
      .locator(`.edge-label[data-edge-source="${card}"] [data-testid=edge-label]`)
      .allTextContents()
  ).sort();
// Evaluated as text: tsx names the functions it compiles, and the page has no such helper.
/** The gap between a card's bottom and the top of the card under it, in canvas pixels. */
const gapUnder = (page: Page, above: string, below: string) =>
  page.evaluate<number>(`(() => {
    const box = (id) =>
      document.querySelector('.react-flow__node[data-id="' + id + '"]').getBoundingClientRect();
    const viewport = document.querySelector('.react-flow__viewport');
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    return (box(${JSON.stringify(below)}).top - box(${JSON.stringify(above)}).bottom) / zoom;
  })()`);
/** The exit names drawn over a card (each "name over card"): none should be. */
const labelsUnderCards = (page: Page) =>
  page.evaluate<string[]>(`(() => {
    const cards = [...document.querySelectorAll('.react-flow__node')];
    return [...document.querySelectorAll('.edge-label')].flatMap((label) => {
      const l = label.getBoundingClientRect();
      return cards
        .filter((c) => {
          const r = c.getBoundingClientRect();
          return l.left < r.right && r.left < l.right && l.top < r.bottom && r.top < l.bottom;
        })
        .map((c) => label.textContent + ' over ' + c.getAttribute('data-id'));
    });
  })()`);

test('the 43-step Win-back folds, unfolds and is walked with the keys', async () => {
  const templateId = await createTemplate(h, { ...cartReminderTemplate, name: 'Win-back mail' });
  const graph = winBackGraph(templateId, 8);
  assert.equal(graph.nodes.length, 43);
  const campaignId = await publishCampaign(h, 'Win-back', graph);
  for (const who of ['lapsed-1', 'lapsed-2'])
    await h.api('/v1/events', { body: { type: 'customer_lapsed', externalId: who } });

  const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await signIn(page, app.url);
    await page.goto(`${app.url}/campaigns/${campaignId}`);
    await page.click('[data-testid=tab-live]');
    await page.locator('[data-testid=campaign-canvas][data-laid-out=true]').waitFor();
    await until(
      async () => (await page.textContent(`${node('s1-wait')} [data-stat=waiting]`)) === '2',
    );
    await shot(page, '01-win-back-live-1440');

    // The "no" exit of stage 1 starts everything after it but "Came back": 39 steps in one card.
    await page.click('[data-testid=fold-s1-bought-no]');
    const card = page.locator('[data-testid=fold-card]');
    await card.waitFor();
    assert.equal(await card.locator('[data-testid=fold-count]').textContent(), '39 steps');
    assert.match((await card.textContent()) ?? '', /Branch “no” of Stage 1: bought\?/);
    assert.equal(await count(page, node('s5-wait')), 0, 'the folded steps are not drawn');
    assert.equal(await count(page, node('came-back')), 1, 'where the branches join stays');
    await until(async () => (await gapUnder(page, 'fold:s1-bought:no', 'came-back')) <= 72);
    await shot(page, '02-win-back-branch-folded-1440');
    await card.locator('[data-testid=unfold]').click();
    await page.locator(node('s5-wait')).waitFor();

    // "Fold branches": every stage's "no" branch folds, the inner ones inside the outer.
    await page.click('[data-testid=fold-all]');
    await until(async () => (await count(page, '[data-testid=fold-card]')) === 1);
    assert.equal(
      await count(page, '.react-flow__node'),
      5,
      'trigger, wait, check, came back, card',
    );
    // The folded view is laid out again: "Came back" follows the card at the layout's spacing
    // between layers (70 canvas px), not where the folded steps ended.
    await page.locator('[data-testid=campaign-canvas][data-laid-out=true]').waitFor();
    await until(async () => (await gapUnder(page, 'fold:s1-bought:no', 'came-back')) <= 72);
    assert.deepEqual(await labelsOutOf(page, 'fold:s1-bought:no'), ['yes']);
    await shot(page, '02b-win-back-folded-compact-1440');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, '02c-win-back-folded-compact-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    // Unfolding the outer card shows stage 2, whose own "no" branch is still folded.
    await card.locator('[data-testid=unfold]').click();
    await page.locator(node('s2-bought')).waitFor();
    assert.equal(await card.locator('[data-testid=fold-count]').textContent(), '34 steps');
    await page.click('[data-testid=unfold-all]');
    await page.locator(node('gave-up')).waitFor();

    // A group folded in the editor: both views draw it, with its live counts summed.
    await page.click('[data-testid=tab-edit]');
    await page.locator(node('s1-wait')).click();
    await page.locator(node('s1-bought')).click({ modifiers: ['Control'] });
    await page.click('[data-testid=group]');
    await card.waitFor();
    assert.equal(await card.locator('.step-title').textContent(), 'Group of 2 steps');
    await page.click('[data-testid=tab-live]');
    await until(async () => (await card.locator('[data-stat=waiting]').textContent()) === '2');
    assert.equal(await card.locator('[data-stat=entered]').textContent(), '2');
    // The group ends in "Stage 1: bought?": its two edges out are named by that split's exits,
    // and no card covers their labels.
    const group = (await card.getAttribute('data-fold'))!;
    await until(async () => (await labelsOutOf(page, group)).join() === 'no,yes');
    await page.locator('[data-testid=campaign-canvas][data-laid-out=true]').waitFor();
    await until(async () => (await gapUnder(page, group, 's1-ab')) <= 72);
    assert.deepEqual(await labelsUnderCards(page), [], 'no label lies under a card');
    await shot(page, '03-win-back-group-live-1440');
    // Kept in this browser for this campaign: a reload draws it folded again.
    await page.reload();
    await page.click('[data-testid=tab-live]');
    await card.waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await until(async () => (await labelsOutOf(page, group)).join() === 'no,yes');
    await page.locator('[data-testid=campaign-canvas][data-laid-out=true]').waitFor();
    await until(async () => (await gapUnder(page, group, 's1-ab')) <= 72);
    assert.deepEqual(await labelsUnderCards(page), [], 'no label lies under a card at 1024 px');
    await shot(page, '04-win-back-group-live-1024');

    // Keys in the live view: Enter on the folded group unfolds it, arrows walk the journey, Enter
    // opens the step's customers, Escape closes them; the selected step is read out.
    await page.locator(node('lapsed')).click();
    await page.locator('[data-testid=node-journeys]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=node-journeys]').waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowDown');
    assert.match((await announced(page)) ?? '', /^Group of 2 steps, folded: 2 steps/);
    await page.keyboard.press('Enter');
    await page.locator(node('s1-wait')).waitFor();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    assert.match((await announced(page)) ?? '', /^Wait 1 day, Wait step\. 2 entered, 2 here now/);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=node-journeys]', { hasText: 's1-wait' }).waitFor();
    await until(async () => (await count(page, '[data-testid=node-customer-link]')) === 2);
    await shot(page, '05-live-keys-1024');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=node-journeys]').waitFor({ state: 'detached' });

    // Keys in the editor: the focus follows the selection, Enter opens the panel on its first
    // field, Escape closes it, Delete removes a step and Ctrl+Z brings it back.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('[data-testid=tab-edit]');
    await page.locator(node('s1-wait')).click();
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid=node-panel][data-node-id=s1-bought]').waitFor();
    assert.equal(
      await page.evaluate<string | null>("document.activeElement?.getAttribute('data-id')"),
      's1-bought',
      'the focus follows the selection',
    );
    assert.match(
      (await announced(page)) ?? '',
      /^Stage 1: bought\?, Condition step\. Exits: yes, no/i,
    );
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=node-panel]').waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=node-panel][data-node-id=s1-bought]').waitFor();
    await until(async () =>
      page.evaluate<boolean>("!!document.activeElement?.closest('[data-testid=node-panel]')"),
    );
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=node-panel]').waitFor({ state: 'detached' });
    await shot(page, '06-editor-keys-focus-1440');
    await page.click('[data-testid=toggle-panel]');
    await page.locator(node('s1-mail-b')).click();
    await page.keyboard.press('Delete');
    await page.locator(node('s1-mail-b')).waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.locator(node('s1-mail-b')).waitFor();
    await until(
      async () => (await page.textContent('[data-testid=save-status]')) === 'All changes saved',
    );
    const draft = (await h.api(`/v1/campaigns/${campaignId}`)).body.campaign.draft;
    assert.equal(draft.nodes.length, 43, 'the step deleted and brought back is in the draft');
    assert.equal(draft.edges.length, graph.edges.length, 'with its edges');
  } catch (err) {
    await shot(page, 'failure');
    throw err;
  }
});

test('the Settings menu closes on a click outside it and on Escape', async () => {
  const page = await app.browser.newPage({ viewport: { width: 1024, height: 768 } });
  try {
    await signIn(page, app.url);
    const menu = page.locator('[data-testid=settings-menu]');
    const open = async () => (await menu.getAttribute('open')) !== null;
    await page.click('[data-testid=settings-menu] summary');
    assert.equal(await open(), true);
    await shot(page, '07-settings-menu-open-1024');
    await page.mouse.click(500, 600);
    await until(async () => !(await open()));
    await page.click('[data-testid=settings-menu] summary');
    assert.equal(await open(), true);
    await page.keyboard.press('Escape');
    await until(async () => !(await open()));
    assert.equal(
      await page.evaluate<string>('document.activeElement?.tagName'),
      'SUMMARY',
      'the focus goes back to the menu button',
    );
    // A click on one of its pages closes it too, on the way there.
    await page.click('[data-testid=settings-menu] summary');
    await page.click('[data-testid=settings-menu] >> text=Team');
    await page.waitForURL('**/settings/**');
    assert.equal(await open(), false);
  } catch (err) {
    await shot(page, 'failure-settings');
    throw err;
  }
});
