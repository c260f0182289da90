// Static audiences in a real browser (Chromium through playwright-core) against the real api,
// Postgres and Temporal: an audience frozen from a segment by name, its customers linked to
// their profiles, a CSV appended (the mode chosen explicitly, unknown IDs named), a customer
// removed by external ID, a second audience made from a CSV file, the list with sizes, a
// published campaign whose condition card names the audience on the live view, and a delete.
// Screenshots (1440 px wide) go to .data/screenshots/audiences/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { publishCampaign } from '../../scripts/testing/fixtures.ts';
import { eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, useWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;
const dir = path.join(shots, 'audiences');

useWebApp((started, webApp) => {
  h = started;
  web = webApp;
  mkdirSync(dir, { recursive: true });
});

const text = async (page: Page, selector: string) =>
  ((await page.textContent(selector)) ?? '').trim();
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
const csv = (body: string) => ({
  name: 'ids.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(body),
});

test('a marketer freezes a segment into an audience, edits it by CSV and by hand, and sees it named on a campaign', async () => {
  // Ann, Bob and Cat live in Perm; Dan and Eve do not.
  for (const [name, city] of [
    ['ann', 'Perm'],
    ['bob', 'Perm'],
    ['cat', 'Perm'],
    ['dan', 'Kazan'],
    ['eve', 'Kazan'],
  ] as const) {
    const first = name[0]!.toUpperCase() + name.slice(1);
    const put = await h.api(`/v1/customers/external/aud-${name}`, {
      method: 'PUT',
      body: { firstName: first, lastName: 'Audienceson', city },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  }
  const segment = await h.api('/v1/segments', {
    body: {
      name: 'Perm residents',
      rules: {
        kind: 'group',
        match: 'all',
        children: [{ kind: 'attribute', field: 'city', test: { op: 'equals', value: 'Perm' } }],
      },
    },
  });
  assert.equal(segment.status, 201, JSON.stringify(segment.body));

  const page = await web.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('dialog', (d) => void d.accept());
  try {
    await signIn(page, web.url);
    await page.click('a[href="/audiences"]');
    await page.waitForURL('**/audiences');

    // Frozen from the segment, picked by name.
    await page.click('[data-testid=new-audience]');
    await page.fill('[data-testid=audience-name]', 'Perm today');
    await page.click('[data-testid=audience-segment]');
    await page.fill('[data-testid=audience-segment]', 'perm');
    await page
      .locator('[data-testid=audience-segment-option]', { hasText: 'Perm residents' })
      .click();
    await shot(page, '01-new-from-segment');
    await page.click('[data-testid=audience-create]');
    await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
    const audienceId = page.url().split('/').at(-1)!;
    assert.equal(await text(page, '[data-testid=audience-title]'), 'Perm today');
    assert.equal(await text(page, '[data-testid=audience-segment]'), 'Perm residents');
    const links = page.locator('[data-testid=audience-customer-link]');
    await eventually(async () => ((await links.count()) === 3 ? true : undefined));
    assert.deepEqual((await links.allTextContents()).sort(), [
      'Ann Audienceson',
      'Bob Audienceson',
      'Cat Audienceson',
    ]);

    // A CSV appended: the upload waits for the mode to be chosen; an unknown ID is named.
    await page.setInputFiles(
      '[data-testid=audience-upload-file]',
      csv('externalId\naud-dan\nnobody\n'),
    );
    assert.equal(
      await page.isDisabled('[data-testid=audience-upload]'),
      true,
      'no mode, no upload',
    );
    await page.selectOption('[data-testid=audience-upload-mode]', 'append');
    await page.click('[data-testid=audience-upload]');
    await page.locator('[data-testid=audience-note]', { hasText: '1 added' }).waitFor();
    assert.match(await text(page, '[data-testid=audience-note]'), /name nobody: nobody\. 4 in/);
    await eventually(async () => ((await links.count()) === 4 ? true : undefined));
    // Ann removed by hand.
    await page.fill('[data-testid=audience-ids]', 'aud-ann');
    await page.click('[data-testid=audience-remove]');
    await page.locator('[data-testid=audience-note]', { hasText: '1 removed' }).waitFor();
    await eventually(async () => ((await links.count()) === 3 ? true : undefined));
    assert.match(await text(page, '[data-testid=audience-summary]'), /^3 customers/);
    await shot(page, '02-audience-customers');
    await links.filter({ hasText: 'Dan' }).click();
    await page.waitForURL('**/customers/*');
    assert.equal(await text(page, '[data-testid=profile-name]'), 'Dan Audienceson');

    // A second audience from a CSV file.
    await page.goto(`${web.url}/audiences`);
    await page.click('[data-testid=new-audience]');
    await page.fill('[data-testid=audience-name]', 'Kazan upload');
    await page.check('[data-testid=audience-from-csv]');
    await page.setInputFiles('[data-testid=audience-file]', csv('aud-dan\naud-eve\n'));
    await page.click('[data-testid=audience-create]');
    await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
    const uploadedId = page.url().split('/').at(-1)!;
    await eventually(async () => ((await links.count()) === 2 ? true : undefined));

    // The list, with sizes.
    await page.goto(`${web.url}/audiences`);
    const size = (id: string) =>
      text(page, `[data-testid=audience-row-${id}] [data-testid=audience-size]`);
    await page.locator(`[data-testid=audience-row-${uploadedId}]`).waitFor();
    assert.deepEqual([await size(audienceId), await size(uploadedId)], ['3', '2']);
    await shot(page, '03-audiences-list');

    // A published campaign's condition on the audience: its card names it on the live view.
    const campaignId = await publishCampaign(h, 'Perm follow-up', {
      nodes: [
        { id: 'start', kind: 'trigger', eventType: 'visited' },
        {
          id: 'check',
          kind: 'condition',
          rule: { kind: 'segment', segmentId: audienceId, member: true },
        },
        { id: 'done', kind: 'exit' },
      ],
      edges: [
        { from: 'start', to: 'check' },
        { from: 'check', to: 'done', exit: 'yes' },
        { from: 'check', to: 'done', exit: 'no' },
      ],
    });
    await page.goto(`${web.url}/campaigns/${campaignId}`);
    await page.locator('[data-testid=live-summary]').waitFor();
    await page
      .locator('[data-testid=canvas-node-check]', { hasText: 'in audience “Perm today”' })
      .waitFor();
    await shot(page, '04-campaign-live-names-audience');

    // Deleted: gone from the list.
    await page.goto(`${web.url}/audiences/${uploadedId}`);
    await page.click('[data-testid=audience-delete]');
    await page.waitForURL('**/audiences');
    await page.locator(`[data-testid=audience-row-${audienceId}]`).waitFor();
    assert.equal(await page.locator(`[data-testid=audience-row-${uploadedId}]`).count(), 0);
    assert.equal((await h.api(`/v1/audiences/${uploadedId}`)).status, 404);
  } catch (err) {
    await shot(page, 'failure');
    throw err;
  }
});
