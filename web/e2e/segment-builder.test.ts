// The segment builder in a real browser (Chromium through playwright-core) against the real api,
// Postgres and Temporal: a two-group segment is built by clicking (city in a list AND any of: a
// receipt in the last 90 days, or viewed_product at least twice), its live count equals the
// known answer on the fixtures, it is saved, its customers open (a recalculation lets a new one
// in) and link to their profiles, and
// a campaign's schedule trigger picks it by name. Screenshots (1440 px wide) go to
// .data/screenshots/segments/ and, when SEGMENT_SHOTS is set, there too.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, startWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;
const dir = path.join(shots, 'segments');
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

before(async () => {
  h = await createHarness();
  await h.startWorker();
  web = await startWebApp(h);
  mkdirSync(dir, { recursive: true });
});

after(async () => {
  await web?.close();
  await h.close();
  if (process.env.SEGMENT_SHOTS) {
    mkdirSync(process.env.SEGMENT_SHOTS, { recursive: true });
    for (const f of readdirSync(dir))
      copyFileSync(path.join(dir, f), path.join(process.env.SEGMENT_SHOTS, f));
  }
});

/** Six customers; ann, bob and cat match (see each line). */
async function fixtures(): Promise<Record<string, string>> {
  const people: [string, string, number | null, number][] = [
    // [name, city, receipt days ago, viewed_product events]
    ['ann', 'Novosibirsk', 10, 0], // city, recent receipt
    ['bob', 'Novosibirsk', null, 2], // city, two product views
    ['cat', 'Omsk', 5, 1], // city, recent receipt
    ['dan', 'Novosibirsk', 200, 1], // city, but an old receipt and one view
    ['eve', 'Moscow', 1, 3], // everything but the city
    ['fay', 'Omsk', null, 0], // city only
  ];
  const ids: Record<string, string> = {};
  for (const [name, city, receiptDaysAgo, views] of people) {
    const first = name[0]!.toUpperCase() + name.slice(1);
    const put = await h.api(`/v1/customers/external/seg-${name}`, {
      method: 'PUT',
      body: { firstName: first, lastName: 'Segmentson', email: `${name}@example.com`, city },
    });
    const id = (put.body.customer?.id ?? put.body.id) as string;
    ids[name] = id;
    if (receiptDaysAgo !== null)
      await h.api('/v1/receipts', {
        body: {
          customerId: id,
          receiptExternalId: `seg-${name}-1`,
          occurredAt: daysAgo(receiptDaysAgo),
          lines: [{ name: 'Toothpaste', category: 'care', price: 5 }],
        },
      });
    for (let i = 0; i < views; i++)
      await h.api('/v1/events', {
        body: { type: 'viewed_product', customerId: id, properties: { productId: `p-${i}` } },
      });
  }
  return ids;
}

const text = async (page: Page, selector: string) =>
  ((await page.textContent(selector)) ?? '').trim();
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });

test('a marketer builds a two-group segment, sees its live count, opens its customers and schedules a campaign by it', async () => {
  const ids = await fixtures();
  const page = await web.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  try {
    await signIn(page, web.url);
    await page.click('a[href="/segments"]');
    await page.click('[data-testid=new-segment]');
    await page.waitForURL('**/segments/new');
    await page.fill('[data-testid=segment-name]', 'Active in Siberia');
    await page.fill('[data-testid=segment-folder]', 'Regions');
    // Everyone matches an empty group: the live count says 6.
    await eventually(
      async () => (await text(page, '[data-testid=preview-count]')) === '6' || undefined,
    );

    // Condition 1: city is one of Novosibirsk, Omsk (offered from the data).
    await page.click('[data-testid=group-rules-add-condition]');
    const c0 = 'cond-rules.children.0';
    assert.equal(await page.inputValue(`[data-testid="${c0}-field"]`), 'attribute:city');
    assert.equal(await page.inputValue(`[data-testid="${c0}-test-op"]`), 'in');
    // Nothing listed yet: the api names the value at fault, and the builder shows it in place.
    await page.locator(`[data-testid="${c0}-test-problems"]`).waitFor();
    assert.match(await text(page, `[data-testid="${c0}-test-problems"]`), /value/);
    await shot(page, '01-problem-in-place');
    const values = `[data-testid="${c0}-test-values"]`;
    await eventually(async () =>
      (await page.locator(`[data-testid="${c0}-test-values-options"] option`).count()) === 3
        ? true
        : undefined,
    );
    for (const city of ['Novosibirsk', 'Omsk']) {
      await page.fill(values, city);
      await page.press(values, 'Enter');
    }
    await eventually(
      async () => (await text(page, '[data-testid=preview-count]')) === '5' || undefined,
    );

    // Group 2: any of (a receipt in the last 90 days, or viewed_product at least 2 times).
    await page.click('[data-testid=group-rules-add-group]');
    const g1 = 'group-rules.children.1';
    assert.equal(await page.inputValue(`[data-testid="${g1}-match"]`), 'any');
    await page.click(`[data-testid="${g1}-add-condition"]`);
    const r = 'cond-rules.children.1.children.0';
    await page.selectOption(`[data-testid="${r}-field"]`, 'receipts');
    assert.equal(await page.inputValue(`[data-testid="${r}-period-op"]`), 'inLast');
    await page.fill(`[data-testid="${r}-period-days"]`, '90');
    await page.click(`[data-testid="${g1}-add-condition"]`);
    const e = 'cond-rules.children.1.children.1';
    await page.selectOption(`[data-testid="${e}-field"]`, 'event');
    await page.fill(`[data-testid="${e}-eventType"]`, 'viewed_product');
    await page.fill(`[data-testid="${e}-test-value"]`, '2');
    await page.selectOption(`[data-testid="${e}-period-op"]`, 'ever');

    // The live count: ann, bob and cat.
    await eventually(
      async () => (await text(page, '[data-testid=preview-count]')) === '3' || undefined,
    );
    assert.match(await text(page, '[data-testid=preview-share]'), /50 %/);
    assert.match(await text(page, '[data-testid=preview-elapsed]'), /^\d+ ms$/);
    assert.equal(await page.locator('[data-testid=preview-sample] li').count(), 3);
    await shot(page, '02-builder-live-count');

    await page.click('[data-testid=segment-save]');
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    const segmentId = page.url().split('/').at(-1)!;
    assert.match(await text(page, '[data-testid=segment-title]'), /Active in Siberia/);

    // Its customers, each linked to the profile.
    await page.click('[data-testid=tab-customers]');
    await page.waitForURL(`**/segments/${segmentId}/customers`);
    const links = page.locator('[data-testid=segment-customer-link]');
    await eventually(async () => ((await links.count()) === 3 ? true : undefined));
    const names = (await links.allTextContents()).sort();
    assert.deepEqual(names, ['Ann Segmentson', 'Bob Segmentson', 'Cat Segmentson']);
    // Gus moves to Omsk and buys: "Recalculate now" lets him in, and the size trend rises.
    const gus = await h.api('/v1/customers/external/seg-gus', {
      method: 'PUT',
      body: { firstName: 'Gus', lastName: 'Segmentson', city: 'Omsk' },
    });
    await h.api('/v1/receipts', {
      body: {
        customerId: gus.body.customer.id as string,
        receiptExternalId: 'seg-gus-1',
        occurredAt: daysAgo(2),
        lines: [{ name: 'Soap', category: 'care', price: 3 }],
      },
    });
    await page.click('[data-testid=segment-refresh]');
    await eventually(async () => ((await links.count()) === 4 ? true : undefined));
    // Sent by email every Monday at 07:00: a bad address is named in place, then it is scheduled.
    await page.fill('[data-testid=export-recipients]', 'ops@example.com, nope');
    await page.selectOption('[data-testid=export-hour]', '7');
    await page.click('[data-testid=export-save]');
    await page.locator('[data-testid=export-recipients-problems]').waitFor();
    assert.match(await text(page, '[data-testid=export-recipients-problems]'), /^1: /);
    await page.fill('[data-testid=export-recipients]', 'ops@example.com');
    await page.click('[data-testid=export-save]');
    await page.locator('[data-testid=export-note]', { hasText: 'Scheduled.' }).waitFor();
    await shot(page, '03-segment-customers');
    await page.locator('[data-testid=segment-customer-link]', { hasText: 'Bob' }).click();
    await page.waitForURL(`**/customers/${ids.bob}`);
    assert.equal(await text(page, '[data-testid=profile-name]'), 'Bob Segmentson');

    // The list: size, share and trend.
    await page.goto(`${web.url}/segments`);
    const row = page.locator(`[data-testid=segment-row-${segmentId}]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-testid=segment-size]').textContent(), '4');
    await row.locator('[data-testid=size-trend]', { hasText: '+1' }).waitFor();
    await shot(page, '04-segments-list');

    // A campaign's schedule trigger picks it by name.
    const created = await h.api('/v1/campaigns', {
      body: {
        name: 'Siberian weekly',
        graph: {
          nodes: [
            { id: 'start', kind: 'scheduleTrigger', at: daysAgo(-7) },
            { id: 'done', kind: 'exit' },
          ],
          edges: [{ from: 'start', to: 'done' }],
        },
      },
    });
    const campaignId = (created.body.campaign?.id ?? created.body.id) as string;
    await page.goto(`${web.url}/campaigns/${campaignId}`);
    await page.locator('[data-testid=canvas-node-start]').click();
    await page.click('[data-testid=field-segmentId]');
    await page.fill('[data-testid=field-segmentId]', 'siber');
    await page
      .locator('[data-testid=field-segmentId-option]', { hasText: 'Active in Siberia' })
      .click();
    assert.equal(await page.inputValue('[data-testid=field-segmentId]'), 'Active in Siberia');
    // The step's card names the segment too, not its ID.
    await page
      .locator('[data-testid=canvas-node-start]', { hasText: 'for segment “Active in Siberia”' })
      .waitFor();
    assert.doesNotMatch(await text(page, '[data-testid=canvas-node-start]'), /[0-9a-f-]{36}/);
    await eventually(async () =>
      (await text(page, '[data-testid=save-status]')) === 'All changes saved' ? true : undefined,
    );
    await shot(page, '05-campaign-trigger-picker');
    const draft = await h.api(`/v1/campaigns/${campaignId}`);
    const graph = (draft.body.campaign?.draft ?? draft.body.draft) as {
      nodes: { id: string; segmentId?: string }[];
    };
    assert.equal(graph.nodes.find((n) => n.id === 'start')?.segmentId, segmentId);
    const exported = await h.api(`/v1/segments/${segmentId}/export-schedule`);
    assert.deepEqual(exported.body.schedule.recipients, ['ops@example.com']);
    assert.equal(exported.body.schedule.hour, 7);
  } catch (err) {
    await shot(page, 'failure');
    throw err;
  }
});
