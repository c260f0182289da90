// Unsubscribe done right (issue 14), end to end against real Postgres, a real SMTP server and the
// real api: a marketing email carries List-Unsubscribe (RFC 8058 one-click) and a footer link;
// one POST to that link stops the next send of its messaging type but not a transactional one;
// the link cannot be forged or turned on another customer; the preference page records choices
// per messaging type and channel with their source, and refuses a form from a stale page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import pino from 'pino';
import { createSmtpGateway } from '../activities/channels/smtp.ts';
import { sendEmailActivities } from '../activities/send-email.ts';
import { loadConfig } from '../core/config.ts';
import { unsubscribeToken } from '../core/unsubscribe.ts';
import { createCustomer } from '../db/customers.ts';
import { createTemplate } from '../db/templates.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let templateId: string;
let send: ReturnType<typeof sendEmailActivities>['sendEmail'];
let close: () => void;
let serial = 0;

before(async () => {
  h = await createHarness();
  templateId = (await createTemplate(h.db, welcomeTemplate)).id;
  const email = createSmtpGateway({
    host: '127.0.0.1',
    port: h.smtp.port,
    secure: false,
    from: 'Tests <t@herald.local>',
  });
  close = () => email.close();
  const tracking = { baseUrl: h.apiUrl, secret: loadConfig().HERALD_SECRET };
  ({ sendEmail: send } = sendEmailActivities({
    db: h.db,
    email,
    log: pino({ level: 'silent' }),
    tracking,
  }));
});
after(async () => {
  close();
  await h.close();
});

const sendTo = (customerId: string, messagingType?: string) =>
  send({ idempotencyKey: `test:${++serial}`, customerId, templateId, messagingType });

/** The mail a send delivered, found by our message ID in its Message-ID header. */
async function mailOf(messageId: string): Promise<ParsedMail> {
  const [mail] = await h.smtp.waitFor((m) => m.messageId === `<${messageId}@herald>`);
  return mail!;
}

/** A header as sent (mailparser turns List-* headers into objects). */
const header = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((l) => l.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, ' ');

const listUnsubscribeUrl = (mail: ParsedMail) => {
  const header_ = header(mail, 'list-unsubscribe') ?? '';
  const url = /<(https?:[^>]+)>/.exec(header_)?.[1];
  assert.ok(url, `List-Unsubscribe carries an http(s) link: ${header_}`);
  return url;
};

const oneClick = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

test('a one-click POST stops the next marketing send, not a transactional one, and shows on the profile', async () => {
  const c = await createCustomer(h.db, { email: 'one-click@example.com', firstName: 'Ola' });
  const first = await sendTo(c.id);
  assert.equal(first.status, 'sent');
  const mail = await mailOf(first.messageId);
  const url = listUnsubscribeUrl(mail);
  assert.equal(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  // The footer link is the same link, not wrapped in the click tracker.
  assert.ok(String(mail.html).includes(url), 'the footer carries the unsubscribe link');
  assert.match(String(mail.text), /Unsubscribe or change what we send you/);

  const answer = await oneClick(url);
  assert.equal(answer.status, 200);
  assert.match(await answer.text(), /You are unsubscribed/);

  const next = await sendTo(c.id);
  assert.equal(next.status, 'skipped');
  const skipped = await h.db('messages').where({ id: next.messageId }).first();
  assert.equal(skipped.error, 'the customer unsubscribed from promo email');

  const receipt = await sendTo(c.id, 'transactional');
  assert.equal(receipt.status, 'sent');
  const transactional = await mailOf(receipt.messageId);
  assert.equal(header(transactional, 'list-unsubscribe'), undefined);
  assert.doesNotMatch(String(transactional.html), /\/u\//);

  // Recorded as a consent change with its source, on the profile, and in the message's history.
  const consents = await h.api(`/v1/customers/${c.id}/consents`);
  assert.deepEqual(
    consents.body.history.map((x: Record<string, unknown>) => [
      x.channel,
      x.messagingType,
      x.subscribed,
      x.source,
    ]),
    [['email', 'promo', false, 'one-click-unsubscribe']],
  );
  const profile = await h.api(`/v1/customers/${c.id}/profile`);
  const message = profile.body.messages.find((m: { id: string }) => m.id === first.messageId);
  assert.ok(
    message.history.some((s: { status: string }) => s.status === 'unsubscribed'),
    JSON.stringify(message.history),
  );
  const events = await h.db('events').where({ customer_id: c.id, type: 'subscription_changed' });
  assert.equal(events.length, 1);

  // A replayed one-click changes nothing more.
  assert.equal((await oneClick(url)).status, 200);
  assert.equal((await h.api(`/v1/customers/${c.id}/consents`)).body.history.length, 1);
});

test("a forged link, or one turned on another customer's message, is refused", async () => {
  const alice = await createCustomer(h.db, { email: 'alice@example.com', firstName: 'Alice' });
  const bob = await createCustomer(h.db, { email: 'bob@example.com', firstName: 'Bob' });
  const toAlice = await sendTo(alice.id);
  const toBob = await sendTo(bob.id);
  const aliceUrl = listUnsubscribeUrl(await mailOf(toAlice.messageId));
  const [base, token] = aliceUrl.split('/u/') as [string, string];
  const [, signature] = token.split('.');

  const attempts = {
    // Alice's signature on Bob's message.
    swapped: `${base}/u/${toBob.messageId}.${signature}`,
    // A token signed with another secret.
    forged: `${base}/u/${unsubscribeToken('not-the-secret-of-this-herald', toBob.messageId, bob.id)}`,
    // Bob's message signed for Alice.
    otherCustomer: `${base}/u/${unsubscribeToken(loadConfig().HERALD_SECRET, toBob.messageId, alice.id)}`,
    garbage: `${base}/u/not-a-token`,
  };
  for (const [what, url] of Object.entries(attempts)) {
    const page = await fetch(url);
    assert.equal(page.status, 404, `${what}: GET`);
    assert.match(await page.text(), /This link is not valid/);
    assert.equal((await oneClick(url)).status, 404, `${what}: one-click`);
  }
  const bobs = await h.api(`/v1/customers/${bob.id}/consents`);
  assert.deepEqual(bobs.body.history, []);
  assert.equal((await sendTo(bob.id)).status, 'sent');
});

test('the preference page saves choices per messaging type and channel, and refuses a stale form', async () => {
  const saved = await h.api('/v1/messaging-types/news', {
    method: 'PUT',
    body: { name: 'Our weekly news' },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const c = await createCustomer(h.db, {
    email: 'prefs@example.com',
    phone: '+4915112345678',
    firstName: 'Pia',
    locale: 'de-DE',
  });
  const sent = await sendTo(c.id, 'news');
  const url = listUnsubscribeUrl(await mailOf(sent.messageId));
  const page = await (await fetch(url)).text();
  assert.match(page, /Ihre E-Mail-Einstellungen/);
  for (const key of ['email:news', 'email:promo', 'sms:news', 'sms:promo'])
    assert.match(page, new RegExp(`value="${key}" checked`), key);
  assert.doesNotMatch(page, /transactional/);
  const state = /name="state" value="([^"]+)"/.exec(page)![1]!;

  // Keep email news and SMS offers; leave the rest.
  const form = new URLSearchParams([
    ['state', state],
    ['action', 'save'],
    ['keep', 'email:news'],
    ['keep', 'sms:promo'],
  ]);
  const post = (body: URLSearchParams) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  const answer = await post(form);
  assert.equal(answer.status, 200);
  assert.match(await answer.text(), /Ihre Auswahl ist gespeichert/);
  const consents = await h.api(`/v1/customers/${c.id}/consents`);
  assert.deepEqual(
    consents.body.subscriptions.map((s: Record<string, unknown>) => [
      s.channel,
      s.messagingType,
      s.subscribed,
      s.source,
    ]),
    [
      ['email', 'promo', false, 'preference-page'],
      ['sms', 'news', false, 'preference-page'],
    ],
  );
  assert.equal((await sendTo(c.id, 'news')).status, 'sent');
  assert.equal((await sendTo(c.id, 'promo')).status, 'skipped');

  // The same form again (a replay, or a second tab) comes from a page that is out of date.
  const replay = await post(form);
  assert.equal(replay.status, 409);
  assert.match(await replay.text(), /haben sich geändert/);
  assert.equal((await h.api(`/v1/customers/${c.id}/consents`)).body.history.length, 2);
});

test('the preference page is rate-limited per address', async () => {
  const limited = await createHarness({ config: { RATE_LIMIT_PREFERENCES: 3 } });
  try {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.apiUrl}/u/x.y`)).status);
    assert.deepEqual(statuses, [404, 404, 404, 429]);
  } finally {
    await limited.close();
  }
});
