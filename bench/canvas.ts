// Canvas benchmark: opens a 203-node campaign in Chromium and prints the time from navigation
// to the first step drawn and to a usable canvas (every step drawn and measured, and a click on
// a step answered: the editor's side panel opens, the live view lists the step's customers),
// and the live view's "Fold branches" and "Unfold all".
// Usage: node --import tsx bench/canvas.ts [stages=40] [runs=3] [--profile]
// --profile records the page's CPU profile over the last load of each view (Chrome's profiler,
// through the DevTools protocol) into .data/bench-canvas/{editor,live}.cpuprofile; read them
// with bench/profile-top.ts, or open them in Chrome's DevTools.
// Runs on its own embedded Postgres and Temporal dev server, the api in this process, and the
// production build of the web app (`next build`, then `next start`).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { cartReminderTemplate, winBackGraph } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { shots, signIn, startWebApp } from '../web/e2e/web-app.ts';

const args = process.argv.slice(2).filter((a) => a !== '--profile');
const PROFILE = process.argv.includes('--profile');
const STAGES = Number(args[0] ?? 40);
const RUNS = Number(args[1] ?? 3);

const dataDir = path.resolve(import.meta.dirname, '..', '.data', 'bench-canvas');
const stack = await startLocalStack(dataDir);
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

async function measure(
  page: Page,
  id: string,
  answered: (node: string) => string,
  profile?: { cdp: CDPSession; name: string },
) {
  if (profile) {
    await profile.cdp.send('Profiler.enable');
    await profile.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await profile.cdp.send('Profiler.start');
  }
  await page.goto(`${app.url}/campaigns/${id}`);
  const first = await at(page, present, '.react-flow__node');
  // Where the live view lays a graph without positions out (elkjs, in a worker): the steps at
  // the places they keep. Watched beside the rest, since the canvas is usable before.
  const laidOutAt = at(page, present, '[data-laid-out=true]');
  const drawn = await at(page, allMeasured, nodeCount);
  const node = await page.evaluate(visibleStep);
  await page.locator(`[data-testid=canvas-node-${node}]`).click();
  const usable = await at(page, present, answered(node));
  const laidOut = await laidOutAt;
  if (profile) {
    const { profile: recorded } = await profile.cdp.send('Profiler.stop');
    const file = path.join(dataDir, `${profile.name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(recorded));
    console.log(`CPU profile of the ${profile.name} load: ${file}`);
  }
  return { first, drawn, laidOut, usable };
}

// Playwright's waitForFunction evaluates its predicate in the page, which the web app's
// Content-Security-Policy (no 'unsafe-eval') refuses: the bench's own page bypasses it.
const context = await app.browser.newContext({
  viewport: { width: 1440, height: 1000 },
  bypassCSP: true,
});
const page = await context.newPage();
await signIn(page, app.url);
type Times = { first: number; drawn: number; laidOut: number; usable: number };
const results: Record<string, Times[]> = { editor: [], live: [], 'live, new browser': [] };
const storageState = await context.storageState();
// The first run also warms Next's server and the browser's cache; it is reported apart.
const inEditor = (n: string) => `[data-testid=node-panel][data-node-id=${n}]`;
const inLiveView = () => '[data-testid=node-journeys]';
for (let i = 0; i <= RUNS; i++) {
  const editor = await measure(page, draft, inEditor);
  const liveRun = await measure(page, live, inLiveView);
  // The live view in a browser that has not laid this campaign out before (nothing kept in its
  // storage but the session): elkjs runs on this open.
  const fresh = await app.browser.newContext({
    viewport: { width: 1440, height: 1000 },
    bypassCSP: true,
    storageState,
  });
  const freshRun = await measure(await fresh.newPage(), live, inLiveView);
  await fresh.close();
  if (i === RUNS) {
    // What the marketer sees on opening the large campaign, after the last run of each view.
    await page.goto(`${app.url}/campaigns/${draft}`);
    await at(page, allMeasured, nodeCount);
    await page.screenshot({ path: path.join(shots, 'bench-canvas-editor.png') });
    await page.goto(`${app.url}/campaigns/${live}`);
    await at(page, present, '[data-laid-out=true]');
    await page.screenshot({ path: path.join(shots, 'bench-canvas-live.png') });
  }
  if (i === 0) continue;
  results.editor!.push(editor);
  results.live!.push(liveRun);
  results['live, new browser']!.push(freshRun);
}

// Folding the large campaign in the live view: "Fold branches" draws it as a few cards, and
// "Unfold all" draws every step again (folds are kept in the browser: the last leaves none).
await page.goto(`${app.url}/campaigns/${live}`);
await at(page, allMeasured, nodeCount);
const now = () => page.evaluate(() => performance.now());
let start = await now();
await page.click('[data-testid=fold-all]');
const foldedMs = (await at(page, present, '[data-testid=fold-card]')) - start;
const foldedCards = await page.locator('.react-flow__node').count();
await page.screenshot({ path: path.join(shots, 'bench-canvas-live-folded.png') });
start = await now();
await page.click('[data-testid=unfold-all]');
const unfoldedMs = (await at(page, allMeasured, nodeCount)) - start;

// One more load of each view under the profiler, apart from the timed ones it would slow.
if (PROFILE) {
  const cdp = await context.newCDPSession(page);
  await measure(page, draft, inEditor, { cdp, name: 'editor' });
  await measure(page, live, inLiveView, { cdp, name: 'live' });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (runs: Times[], key: keyof Times, width: number) =>
  `${median(runs.map((r) => r[key])).toFixed(0)} ms`.padStart(width);
console.log(`
Herald canvas: a ${nodeCount}-node campaign (${graph.edges.length} edges) in Chromium, median of ${RUNS} warm loads
  from navigation to:          first step drawn   every step drawn   laid out   usable (click answered)`);
const names: Record<string, string> = {
  editor: 'editor (draft)',
  live: 'live view (published)',
  'live, new browser': 'live view, new browser',
};
for (const [view, runs] of Object.entries(results))
  console.log(
    `  ${names[view]!.padEnd(24)} ${fmt(runs, 'first', 18)} ${fmt(runs, 'drawn', 18)} ${fmt(runs, 'laidOut', 10)} ${fmt(runs, 'usable', 25)}`,
  );
console.log(
  `  live view, folding:      "Fold branches" ${foldedMs.toFixed(0)} ms to ${foldedCards} cards, "Unfold all" ${unfoldedMs.toFixed(0)} ms to every step drawn (from the click)`,
);
console.log(
  `  load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await app.close();
await h.close();
await stack.stop();
process.exit(0);
