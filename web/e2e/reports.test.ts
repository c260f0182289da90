// Every report page in a real browser (Debian's Chromium through playwright-core) on the demo
// data (scripts/demo-analytics.ts): each chart must draw marks from data (bars, line paths,
// heatmap cells), never its "nothing to show" state; then a campaign's and a mailing's own report,
// reached by the links on the campaign's page, and the mailing's once its attribution rules
// changed. Screenshots: .data/screenshots/reports-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { isoDay } from '../../core/report-period.ts';
import { DEMO_MAILING, loadDemoAnalytics } from '../../scripts/demo-analytics.ts';
import { loadDemoData } from '../../scripts/demo-data.ts';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import { REPORTS } from '../lib/reports.ts';
import { shots, signIn, startWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let app: WebApp;

before(async () => {
  h = await createHarness();
  await loadDemoData(h.db, { email: 'admin@herald.local', password: 'demo admin password' });
  await loadDemoAnalytics(h.db); // a second call adds nothing
  app = await startWebApp(h);
});

after(async () => {
  await app?.close();
  await h.close();
});

// What recharts draws for data: bar rectangles, line paths with points, scatter (heatmap) cells.
const MARKS =
  '.recharts-bar-rectangle path, .recharts-line-curve, .recharts-line-dots circle, .recharts-scatter-symbol rect';

/** Each chart on the page: its title, whether it said "nothing to show", and its marks. */
async function charts(page: Page) {
  await page.locator('[data-testid=chart]').first().waitFor();
  // Marks are drawn once the responsive container has measured itself.
  await page.waitForFunction(
    `[...document.querySelectorAll('[data-testid=chart]')].every((f) =>
       f.getAttribute('data-empty') === 'true' || f.querySelector(${JSON.stringify(MARKS)}))`,
  );
  return page.locator('[data-testid=chart]').evaluateAll(
    (figures, marks) =>
      figures.map((f) => ({
        title: f.querySelector('figcaption')?.textContent ?? '',
        empty: f.getAttribute('data-empty') === 'true',
        marks: f.querySelectorAll(marks).length,
        ticks: [...f.querySelectorAll('.recharts-cartesian-axis-tick-value')].map(
          (t) => t.textContent ?? '',
        ),
      })),
    MARKS,
  );
}

const assertDrawn = (report: string, drawn: Awaited<ReturnType<typeof charts>>) => {
  assert.ok(drawn.length > 0, `${report}: no chart`);
  for (const c of drawn) {
    assert.equal(c.empty, false, `${report} › ${c.title}: nothing to show`);
    assert.ok(c.marks > 0, `${report} › ${c.title}: no marks drawn`);
  }
};

test('every report draws every chart from the demo data', async () => {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, app.url);
  const from = isoDay(new Date(Date.now() - 60 * 86_400_000));
  for (const name of Object.keys(REPORTS)) {
    await page.goto(`${app.url}/reports/${name}?from=${from}`);
    const drawn = await charts(page);
    assertDrawn(name, drawn);
    // The period is the URL's: a shared link opens the same view.
    assert.equal(await page.inputValue('[data-testid=from]'), from);
    // The grids name their rows and columns: weekdays and hours, RFM scores.
    const grid = drawn.find((c) => /Person opens|R × F/.test(c.title));
    if (name === 'opens-heatmap')
      for (const tick of ['Mon', 'Sun', '00h', '12h', '23h'])
        assert.ok(grid?.ticks.includes(tick), tick);
    if (name === 'rfm')
      for (const tick of ['R1', 'R5', 'F1', 'F5']) assert.ok(grid?.ticks.includes(tick), tick);
    await page.screenshot({ path: path.join(shots, `reports-${name}.png`), fullPage: true });
    console.log(`${name}: ${drawn.map((c) => `${c.title} (${c.marks} marks)`).join('; ')}`);
  }
  // The delivery report quotes the servers' answers.
  await page.goto(`${app.url}/reports/delivery?from=${from}`);
  await page.locator('[data-testid=responses] tr').first().waitFor();
  assert.match(
    (await page.textContent('[data-testid=responses]')) ?? '',
    /550 5\.1\.1 .*mailbox unavailable/,
  );
  await page.close();
});

test("a campaign's report from its page, and a mailing's: funnel, trends, steps, variants, uplift", async () => {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, app.url);
  const welcome = await h.db('campaigns').where({ name: 'Welcome' }).first<{ id: string }>('id');
  await page.goto(`${app.url}/campaigns/${welcome.id}`);
  await page.click('[data-testid=campaign-report-link]');
  await page.waitForURL(`**/reports/campaigns/${welcome.id}`);
  assertDrawn('campaign', await charts(page));
  const step = page.locator('[data-testid=effect-row]', { hasText: 'welcome-email' });
  // The global control group was held back at the step: it has an uplift, in points.
  assert.match((await step.locator('[data-testid=uplift]').textContent()) ?? '', /pts/);
  await page.screenshot({ path: path.join(shots, 'reports-campaign.png'), fullPage: true });

  const mailing = await h.db('mailings').where({ name: DEMO_MAILING }).first<{ id: string }>('id');
  await page.goto(`${app.url}/reports/mailings/${mailing.id}`);
  assertDrawn('mailing', await charts(page));
  assert.match((await page.textContent('[data-testid=subject-name]')) ?? '', /Spring sale/);
  const variants = await page
    .locator('[data-testid=effect-row]')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent));
  assert.deepEqual(variants.slice(1), ['A', 'B']); // after the total
  for (const row of await page.locator('[data-testid=uplift]').allTextContents())
    assert.match(row, /pts/);
  assert.match(
    (await page.textContent('[data-testid=control-group]')) ?? '',
    /held back \d+ of \d+/,
  );
  await page.screenshot({ path: path.join(shots, 'reports-mailing.png'), fullPage: true });

  // Its rules changed: the page says the figures are being recomputed (no worker runs it here).
  const changed = await h.api(`/v1/mailings/${mailing.id}/attribution`, {
    method: 'PUT',
    body: { attribution: { windowDays: 7 } },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  await page.reload();
  assert.match(
    (await page.locator('[data-testid=attribution-recomputing]').textContent()) ?? '',
    /being recomputed \(since .+\)/,
  );
  await page.screenshot({
    path: path.join(shots, 'reports-mailing-recomputing.png'),
    fullPage: true,
  });
  await page.close();
});
