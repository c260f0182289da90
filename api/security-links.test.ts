// Issue 10, finding 2, as the hostile requests that showed it: tracking links signed with a
// known secret redirected anywhere, the open-pixel token worked as a click token, and each
// replayed open added a status-history row. Also: a Herald without HERALD_SECRET makes its own.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { installationSecret, loadConfig, parseConfig } from '../core/config.ts';
import { trackingToken } from '../core/tracking.ts';
import { publishWelcome } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h?.close());

const click = (
  messageId: string,
  url: string,
  token = trackingToken(secret(), 'click', messageId, url),
) => fetch(`${h.apiUrl}/t/c/${token}?u=${encodeURIComponent(url)}`, { redirect: 'manual' });
const secret = () => loadConfig().HERALD_SECRET;

test('without HERALD_SECRET each installation creates its own random secret and keeps it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-secret-'));
  const first = parseConfig({ DATA_DIR: dir }).HERALD_SECRET;
  assert.ok(first.length >= 32 && !first.startsWith('dev-secret'));
  assert.equal(parseConfig({ DATA_DIR: dir }).HERALD_SECRET, first, 'kept across restarts');
  assert.equal(installationSecret(dir), first);
  const other = mkdtempSync(path.join(tmpdir(), 'herald-secret-'));
  assert.notEqual(parseConfig({ DATA_DIR: other }).HERALD_SECRET, first);
  assert.throws(
    () => parseConfig({ DATA_DIR: dir, HERALD_SECRET: 'dev-secret-change-me-in-production' }),
    /HERALD_SECRET: the development default is public/,
  );
});

test('a validly signed click link for a message that does not exist is 404, not a redirect', async () => {
  const res = await click(randomUUID(), 'https://evil.example/phish');
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('location'), null);
});

test('a sent email: only its own links redirect; its pixel token is no click token; replays add nothing', async () => {
  await publishWelcome(h);
  await h.api('/v1/events', {
    body: {
      type: 'signed_up',
      externalId: 'sec-link-1',
      customer: { email: 'sec-link-1@example.com' },
    },
  });
  const [mail] = await h.smtp.waitFor(
    (m) => m.to !== undefined && JSON.stringify(m.to).includes('sec-link-1@'),
  );
  const html = String(mail!.html);
  const pixel = /<img src="([^"]*\/t\/o\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const pixelToken = /\/t\/o\/([^"?]+)/.exec(pixel)![1]!;
  const messageId = pixelToken.split('.')[0]!;

  // Even with the secret in hand, a link the email did not carry goes nowhere.
  const elsewhere = await click(messageId, 'https://evil.example/phish');
  assert.equal(elsewhere.status, 404);
  // The open pixel's token, presented as a click token.
  const asClick = await click(messageId, '', pixelToken);
  assert.equal(asClick.status, 404);
  const asClickWithUrl = await click(messageId, 'https://shop.example.com', pixelToken);
  assert.equal(asClickWithUrl.status, 404);
  // The email's real link still works.
  const real = await click(messageId, 'https://shop.example.com');
  assert.equal(real.status, 302);
  assert.equal(real.headers.get('location'), 'https://shop.example.com');

  for (let i = 0; i < 5; i++) assert.equal((await fetch(pixel)).status, 200);
  await click(messageId, 'https://shop.example.com');
  const history = await h
    .db('message_status_history')
    .where({ message_id: messageId })
    .orderBy('id')
    .pluck('status');
  assert.deepEqual(history, ['sending', 'sent', 'clicked', 'opened']);
});
