// Pages benchmark: the first open of every page of the web app, as `npm run dev` serves it (the
// production build under `next start`, built only when web/ changed), timed in Chromium from
// navigation to the page's heading (the campaign page: to its first step drawn). Each page is
// opened once in a fresh browser context, so neither Next's server nor the browser has seen it.
// The bare baseline, in the same run: the first fetch of a static file from the same server.
// Usage: node --import tsx bench/pages.ts   (npm run bench:pages)
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { cartReminderTemplate, winBackGraph } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { marketer, signIn, startWebApp } from '../web/e2e/web-app.ts';

const LIMIT_MS = 2_000;
const stack = await startLocalStack(
  path.resolve(import.meta.dirname, '..', '.data', 'bench-pages'),
);
const h = await createHarness({ ...stack, logLevel: 'warn' });
const built = Date.now();
const app = await startWebApp(h);
console.log(`web app ready (build checked or made, next start up) in ${Date.now() - built} ms`);

const templateId = await createTemplate(h, cartReminderTemplate);
const campaignId = await publishCampaign(h, 'Win-back', winBackGraph(templateId, 10));
const event = await h.api('/v1/events', {
  body: {
    type: 'signed_up',
    externalId: 'bench-1',
    customer: { email: 'bench@example.com', firstName: 'Bench' },
  },
});
const customerId = (event.body as { customerId: string }).customerId;
const segment = await h.api('/v1/segments', {
  body: {
    name: 'Tomsk residents',
    rules: {
      kind: 'group',
      match: 'all',
      children: [{ kind: 'attribute', field: 'city', test: { op: 'equals', value: 'Tomsk' } }],
    },
  },
});
const segmentId = (segment.body as { segment: { id: string } }).segment.id;
const audience = await h.api('/v1/audiences', {
  body: { name: 'From Tomsk', fromSegmentId: segmentId },
});
const audienceId = (audience.body as { audience: { id: string } }).audience.id;
const mailing = await h.api('/v1/mailings', {
  body: {
    name: 'Bench news',
    channel: 'email',
    templateId,
    audience: { include: { segments: [segmentId] } },
  },
});
const mailingId = (mailing.body as { mailing: { id: string } }).mailing.id;

const pages: [string, string][] = [
  ['/login', 'h1'],
  ['/campaigns', 'h1'],
  [`/campaigns/${campaignId}`, '.react-flow__node'],
  ['/calendar', 'h1'],
  ['/customers', 'h1'],
  [`/customers/${customerId}`, '[data-testid=profile-name]'],
  ['/templates', 'h1'],
  [`/templates/${templateId}`, 'h1'],
  ['/segments', 'h1'],
  ['/segments/new', 'h1'],
  [`/segments/${segmentId}`, 'h1'],
  [`/segments/${segmentId}/customers`, 'h1'],
  ['/audiences', 'h1'],
  [`/audiences/${audienceId}`, '[data-testid=audience-title]'],
  ['/mailings', 'h1'],
  ['/mailings/new', 'h1'],
  [`/mailings/${mailingId}`, '[data-testid=mailing-title]'],
  ['/reports', 'h1'],
  ['/reports/channels', 'h1'],
  [`/reports/campaigns/${campaignId}`, 'h1'],
  ['/imports', 'h1'],
  ['/audit-log', 'h1'],
  ['/settings/team', 'h1'],
  ['/settings/api-keys', 'h1'],
  ['/settings/contact-policy', 'h1'],
  ['/settings/gateways', 'h1'],
  ['/no-such-page', 'h1'],
];

/** Signs in once; each page then opens in a new context holding only the session cookie. */
const signInContext = await app.browser.newContext();
const signInPage = await signInContext.newPage();
await signIn(signInPage, app.url, marketer);
const storageState = await signInContext.storageState();
await signInContext.close();

/** One call the page made to the api: when it started and ended, from the navigation. */
type Call = { path: string; from: number; to: number };

async function firstOpen(url: string, selector: string): Promise<{ ms: number; calls: Call[] }> {
  const context = await app.browser.newContext({
    viewport: { width: 1440, height: 900 },
    storageState,
  });
  const page: Page = await context.newPage();
  // What a slow page waited for: its api calls, one after another or side by side.
  const calls: Call[] = [];
  page.on('requestfinished', (req) => {
    if (!req.url().includes('/api/')) return;
    const t = req.timing();
    const from = t.startTime - start;
    calls.push({
      path: new URL(req.url()).pathname.replace(/^\/api/, ''),
      from,
      to: from + t.responseEnd,
    });
  });
  const start = Date.now();
  // From the first byte of the answer to the heading drawn: no wait for every resource's load.
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  await page.locator(selector).first().waitFor({ timeout: 60_000 });
  const ms = Date.now() - start;
  await context.close();
  return { ms, calls: calls.filter((c) => c.from < ms) };
}

const baselineContext = await app.browser.newContext();
const baselinePage = await baselineContext.newPage();
const baseStart = Date.now();
await baselinePage.goto(`${app.url}/icon.svg`);
const baseline = Date.now() - baseStart;
await baselineContext.close();

console.log(`
Herald web app, first open of each page (production build under next start), Chromium
  bare baseline: first fetch of /icon.svg ${baseline} ms
  page                                              first open   × baseline`);
let slow = 0;
for (const [pathname, selector] of pages) {
  const { ms, calls } = await firstOpen(`${app.url}${pathname}`, selector);
  if (ms > LIMIT_MS) slow++;
  const name = pathname.replace(/[0-9a-f-]{36}/g, '{id}');
  console.log(
    `  ${name.padEnd(48)} ${`${ms} ms`.padStart(10)}   ${(ms / Math.max(baseline, 1)).toFixed(1).padStart(9)}${ms > LIMIT_MS ? '   over 2 s' : ''}`,
  );
  // Half the limit already shows what a page waits for, before it becomes slow.
  if (ms > LIMIT_MS / 2)
    for (const c of calls.sort((a, b) => a.from - b.from))
      console.log(
        `      api ${c.path.replace(/[0-9a-f-]{36}/g, '{id}').padEnd(40)} ${c.from.toFixed(0).padStart(5)}–${c.to.toFixed(0)} ms`,
      );
}
console.log(
  slow === 0 ? `every page under ${LIMIT_MS / 1000} s` : `${slow} pages over ${LIMIT_MS / 1000} s`,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
await app.close();
await h.close();
await stack.stop();
process.exit(0);
