// Issue 10, finding 6, in Chromium: a page on another port of the same host (same site, so the
// SameSite=Lax session cookie rides along) auto-submits a form that archives a campaign through
// the web app's proxy; and the web app sent no CSP or frame protection.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createDraftCampaign } from '../../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../../scripts/testing/harness.ts';
import { signIn, startWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;
let attacker: Server;
let attackerUrl: string;
let campaignId: string;

before(async () => {
  h = await createHarness();
  web = await startWebApp(h);
  campaignId = await createDraftCampaign(h, 'Keep me');
  attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><form id="f" method="POST" enctype="text/plain"
      action="${web.url}/api/v1/campaigns/${campaignId}/archive"><input name="x" value="1"></form>
      <script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
after(async () => {
  attacker?.close();
  await web?.close();
  await h?.close();
});

test('the web app forbids framing and foreign scripts', async () => {
  const res = await fetch(`${web.url}/login`);
  assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.match(res.headers.get('content-security-policy') ?? '', /object-src 'none'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});

test("a signed-in marketer's browser cannot be made to archive a campaign by another site", async () => {
  const context = await web.browser.newContext();
  const page = await context.newPage();
  await signIn(page, web.url);
  const answer = page.waitForResponse((r) => r.url().includes(`/campaigns/${campaignId}/archive`));
  await page.goto(attackerUrl);
  const refused = await answer;
  assert.equal(refused.status(), 403);
  assert.equal((await refused.json()).error.code, 'cross_site_request');
  const campaign = await h.api(`/v1/campaigns/${campaignId}`);
  assert.equal(campaign.body.campaign.status, 'draft');
  // The app's own pages still change things through the same proxy.
  await page.goto(`${web.url}/campaigns`);
  const own = await page.evaluate(
    (id) => fetch(`/api/v1/campaigns/${id}/archive`, { method: 'POST' }).then((r) => r.status),
    campaignId,
  );
  assert.equal(own, 200);
  await context.close();
});
