// Canvas benchmark: opens a 203-node campaign in Chromium and prints the time from navigation
// to the first step drawn and to a usable canvas (every step drawn and measured, and a click on
// a step answered: the editor's side panel opens, the live view lists the step's customers).
// Usage: node --import tsx bench/canvas.ts [stages=40] [runs=3]
// Runs on its own embedded Postgres and Temporal dev server, the api in this process, and the
// production build of the web app (`next build`, then `next start`).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { cartReminderTemplate, winBackGraph } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { shots, signIn, startWebApp } from '../web/e2e/web-app.ts';

const STAGES = Number(process.argv[2] ?? 40);
const RUNS = Number(process.argv[3] ?? 3);

const stack = await startLocalStack(
  path.resolve(import.meta.dirname, '..', '.data', 'bench-canvas'),
);
const h = await createHarness({ ...stack, logLevel: 'warn' });
const app = await startWebApp(h);
const graph = winBackGraph(await createTemplate(h, cartReminderTemplate), STAGES);
const nodeCount = graph.nodes.length;
const created = await h.api('/v1/campaigns', { body: { name: 'Bench draft', graph } });
const draft = (created.body as { campaign: { id: string } }).campaign.id;
const live = await publishCampaign(h, 'Bench live', graph);

/** Milliseconds since navigation when `predicate` first holds, checked every animation frame. */
async function at<A extends string | number>(
  page: Page,
  predicate: (arg: A) => boolean,
  arg: A,
): Promise<number> {
  await page.waitForFunction(predicate as (arg: string | number) => boolean, arg, {
    polling: 'raf',
    timeout: 120_000,
  });
  return page.evaluate(() => performance.now());
}

// These run in the page; the node project loads no DOM types, so the little they use is declared.
interface PageElement {
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number };
  getAttribute(name: string): string | null;
  style: { visibility: string };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};

const present = (selector: string) => document.querySelector(selector) !== null;

const allMeasured = (count: number) => {
  const nodes = [...document.querySelectorAll('.react-flow__node')];
  return nodes.length === count && nodes.every((n) => n.style.visibility !== 'hidden');
};

/** The id of a step drawn inside the canvas's visible area (a 203-step campaign is taller than it). */
const visibleStep = () => {
  // No inner named function: tsx would wrap it in a helper the page does not have.
  const c = document.querySelector('.react-flow')!.getBoundingClientRect();
  return [...document.querySelectorAll('.react-flow__node')]
    .find((n) => {
      const r = n.getBoundingClientRect();
      return r.top > c.top && r.bottom < c.bottom && r.left > c.left && r.right < c.right;
    })!
    .getAttribute('data-id')!;
};

async function measure(page: Page, id: string, answered: (node: string) => string) {
  await page.goto(`${app.url}/campaigns/${id}`);
  const first = await at(page, present, '.react-flow__node');
  const drawn = await at(page, allMeasured, nodeCount);
  const node = await page.evaluate(visibleStep);
  await page.locator(`[data-testid=canvas-node-${node}]`).click();
  const usable = await at(page, present, answered(node));
  return { first, drawn, usable };
}

// Playwright's waitForFunction evaluates its predicate in the page, which the web app's
// Content-Security-Policy (no 'unsafe-eval') refuses: the bench's own page bypasses it.
const context = await app.browser.newContext({
  viewport: { width: 1440, height: 1000 },
  bypassCSP: true,
});
const page = await context.newPage();
await signIn(page, app.url);
const results: Record<string, { first: number; drawn: number; usable: number }[]> = {
  editor: [],
  live: [],
};
// The first run also warms Next's server and the browser's cache; it is reported apart.
for (let i = 0; i <= RUNS; i++) {
  const editor = await measure(page, draft, (n) => `[data-testid=node-panel][data-node-id=${n}]`);
  const liveRun = await measure(page, live, () => '[data-testid=node-journeys]');
  if (i === RUNS) {
    // What the marketer sees on opening the large campaign, after the last run of each view.
    await page.goto(`${app.url}/campaigns/${draft}`);
    await at(page, allMeasured, nodeCount);
    await page.screenshot({ path: path.join(shots, 'bench-canvas-editor.png') });
    await page.goto(`${app.url}/campaigns/${live}`);
    await at(page, allMeasured, nodeCount);
    await page.waitForTimeout(500); // the elkjs layout of a graph saved without positions
    await page.screenshot({ path: path.join(shots, 'bench-canvas-live.png') });
  }
  if (i === 0) continue;
  results.editor!.push(editor);
  results.live!.push(liveRun);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
console.log(`
Herald canvas: a ${nodeCount}-node campaign (${graph.edges.length} edges) in Chromium, median of ${RUNS} warm loads
  from navigation to:        first step drawn   every step drawn   usable (click answered)`);
for (const [view, runs] of Object.entries(results)) {
  console.log(
    `  ${view === 'editor' ? 'editor (draft)        ' : 'live view (published) '}    ${fmt(runs.map((r) => r.first)).padStart(10)}   ${fmt(runs.map((r) => r.drawn)).padStart(16)}   ${fmt(runs.map((r) => r.usable)).padStart(22)}`,
  );
}
await app.close();
await h.close();
await stack.stop();
process.exit(0);
