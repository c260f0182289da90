// Roles in the browser (issue 10, point 9): an analyst signs in, sees campaigns but cannot
// publish one, and has no API keys page (nor can reach it by its address); an admin publishes,
// makes and revokes a key, and invites a colleague who joins through the link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { upsertUser } from '../../db/auth.ts';
import { createDraftCampaign } from '../../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';
import { shots, signIn, startWebApp, type WebApp } from './web-app.ts';

let h: Harness;
let web: WebApp;
const analyst = { email: 'ana@herald.local', password: 'analyst password' };

before(async () => {
  h = await createHarness();
  web = await startWebApp(h); // its marketer@herald.local is an admin, as users made before roles
  await upsertUser(h.db, { ...analyst, name: 'Ana Lyst', role: 'analyst' });
});
after(async () => {
  await web?.close();
  await h?.close();
});

test('an analyst reads a campaign but cannot publish it, and has no API keys page', async () => {
  const id = await createDraftCampaign(h, 'Analyst reads me');
  const context = await web.browser.newContext();
  const page = await context.newPage();
  await signIn(page, web.url, analyst);
  await page.waitForSelector('[data-testid=signed-in-as]');
  assert.match((await page.textContent('[data-testid=signed-in-as]')) ?? '', /analyst/);
  const nav = await page.locator('.topbar a').allTextContents();
  assert.ok(nav.includes('Campaigns'), nav.join());
  assert.ok(!nav.includes('API keys') && !nav.includes('Team'), nav.join());
  assert.equal(await page.locator('[data-testid=new-campaign]').count(), 0);

  await page.goto(`${web.url}/campaigns/${id}`);
  const publish = page.locator('[data-testid=action-publish]');
  await publish.waitFor();
  assert.equal(await publish.isDisabled(), true);
  // The role arrives after the page draws: until then the title says "Your role (…)".
  const title = await eventually(async () => {
    const t = (await publish.getAttribute('title')) ?? '';
    return t.includes('…') ? undefined : t;
  });
  assert.match(title, /analyst/);
  // The draft opens in the editor, which says that nothing drawn there is saved.
  assert.match(
    (await page.locator('[data-testid=not-allowed]').textContent()) ?? '',
    /analyst.*change campaigns/,
  );
  // Past the page, the api refuses it all the same.
  const status = await page.evaluate(
    (campaign) =>
      fetch(`/api/v1/campaigns/${campaign}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status),
    id,
  );
  assert.equal(status, 403);

  await page.goto(`${web.url}/settings/api-keys`);
  await page.waitForSelector('[data-testid=not-allowed]');
  assert.match((await page.textContent('[data-testid=not-allowed]')) ?? '', /analyst.*API keys/);
  assert.equal(await page.locator('[data-testid=api-keys-table]').count(), 0);
  await page.screenshot({ path: `${shots}/roles-analyst-api-keys.png` });
  assert.equal((await h.api(`/v1/campaigns/${id}`)).body.campaign.status, 'draft');
  await context.close();
});

test('an admin publishes, makes and revokes an API key, and invites a colleague', async () => {
  const id = await createDraftCampaign(h, 'Admin publishes me');
  const context = await web.browser.newContext();
  const page = await context.newPage();
  await signIn(page, web.url);
  await page.goto(`${web.url}/campaigns/${id}`);
  await page.click('[data-testid=action-publish]');
  await page.click('[data-testid=confirm-action]');
  await page
    .locator('[data-testid=campaign-name] [data-testid=status-badge]', { hasText: 'Active' })
    .waitFor();
  assert.equal((await h.api(`/v1/campaigns/${id}`)).body.campaign.status, 'active');

  await page.click('[data-testid=settings-menu] summary');
  await page.click('[data-testid=settings-menu] >> text=API keys');
  await page.fill('[data-testid=key-name]', 'Shop backend');
  await page.selectOption('[data-testid=key-role]', 'developer');
  await page.click('[data-testid=make-key]');
  const key = (await page.textContent('[data-testid=new-key]'))!.trim();
  assert.match(key, /^hk_/);
  const res = await fetch(`${h.apiUrl}/v1/tracker-sites`, {
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(res.status, 200);
  await page.screenshot({ path: `${shots}/roles-admin-api-keys.png` });
  const row = page.locator('tr', { hasText: 'Shop backend' });
  await row.locator('[data-testid=revoke]').click();
  await row.locator('[data-testid=confirm-revoke]').click();
  await row.locator('text=revoked').waitFor();
  const after = await fetch(`${h.apiUrl}/v1/tracker-sites`, {
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(after.status, 401);

  await page.click('[data-testid=settings-menu] summary');
  await page.click('[data-testid=settings-menu] >> text=Team');
  await page.fill('[data-testid=invite-email]', 'dev@example.com');
  await page.selectOption('[data-testid=invite-role]', 'developer');
  await page.click('[data-testid=invite]');
  const link = (await page.textContent('[data-testid=invite-link]'))!.trim();
  await h.smtp.waitFor((m) => (m.text ?? '').includes(link));
  await context.close();

  // The colleague opens the link in a browser of their own and joins as a developer.
  const theirs = await web.browser.newContext();
  const joining = await theirs.newPage();
  await joining.goto(`${web.url}/invite/${link.split('/invite/')[1]}`);
  await joining.fill('[data-testid=invite-name]', 'Dee Veloper');
  await joining.fill('[data-testid=invite-password]', 'a developer password');
  await joining.click('[data-testid=invite-accept]');
  // A developer reads no campaigns: they land on their first page, the customers.
  await joining.waitForURL('**/customers');
  await joining.waitForSelector('[data-testid=signed-in-as]');
  assert.match(
    (await joining.textContent('[data-testid=signed-in-as]')) ?? '',
    /Dee Veloper · developer/,
  );
  const nav = await joining.locator('.topbar a').allTextContents();
  assert.ok(nav.includes('API keys') && !nav.includes('Team'), nav.join());
  await theirs.close();
});
