// The spam check (issue 14) against Debian's real spamd, which the api starts on first use: a
// clean email scores low, a spammy one high with the rules that fired named and advice on each;
// broken links, images without alt text and a missing unsubscribe link are named too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createCustomer } from '../db/customers.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

// The test runner and .ci/run install spamassassin; a machine without it skips, saying so.
const spamd = ['spamd', '/usr/sbin/spamd'].some(
  (bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0,
);
const needsSpamd = spamd
  ? {}
  : { skip: "spamd is not installed: apt-get install spamassassin (Debian's package)" };

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const mjml = (body: string) =>
  `<mjml><mj-body><mj-section><mj-column>${body}</mj-column></mj-section></mj-body></mjml>`;

async function saved(name: string, subject: string, body: string): Promise<string> {
  const res = await h.api('/v1/templates', { body: { name, subject, mjml: mjml(body) } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.template.id;
}

const check = (id: string, body: object = {}) => h.api(`/v1/templates/${id}/check`, { body });

test('a clean email scores low, with its unsubscribe link in place', needsSpamd, async () => {
  const customer = await createCustomer(h.db, { email: 'clean@example.com', firstName: 'Ola' });
  const id = await saved(
    'Clean',
    'Your order summary for December, {{ customer.firstName }}',
    `<mj-text>Hello {{ customer.firstName }},</mj-text>
     <mj-text>Thank you for shopping with us this month. We packed your parcel this morning and
       it is on its way; the courier usually delivers within two working days. You can follow it
       on our website, where you will also find the care instructions for the linen shirt you
       chose and our guide to sizes for the winter collection.</mj-text>
     <mj-image src="https://shop.example.com/images/shirt.png" alt="The linen shirt in blue" width="300px" />
     <mj-button href="https://shop.example.com/orders">See your order</mj-button>
     <mj-text>Best wishes from the team at Herald Shop.</mj-text>
     <mj-text font-size="11px"><a href="{{ unsubscribeUrl }}">Unsubscribe</a></mj-text>`,
  );
  const res = await check(id, { customerId: customer.id });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const { spam } = res.body;
  assert.ok(spam, res.body.spamUnavailable);
  assert.ok(spam.score < 2, `a clean email scores under 2: ${JSON.stringify(spam)}`);
  assert.equal(spam.spam, false);
  assert.deepEqual(res.body.links, []);
  assert.deepEqual(res.body.images, []);
  assert.deepEqual(res.body.unsubscribeLink, { present: true });
});

test('a spammy email scores high, naming the rules and how to fix them', needsSpamd, async () => {
  const id = await saved(
    'Spammy',
    'FREE VIAGRA!!! 100% GUARANTEED WINNER',
    `<mj-text>DEAR FRIEND, YOU ARE A WINNER!!! CLICK HERE NOW</mj-text>
     <mj-text>Buy cheap viagra and cialis online, 100% guaranteed, no prescription!!!
       Claim your FREE MONEY now, act fast, limited time, $$$ millions of dollars waiting.</mj-text>
     <mj-image src="https://198.51.100.7/win.png" href="#" />
     <mj-button href="javascript:alert(1)">CLAIM NOW</mj-button>`,
  );
  const res = await check(id);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const { spam } = res.body;
  assert.ok(spam, res.body.spamUnavailable);
  assert.ok(spam.score >= spam.threshold, `scored as spam: ${JSON.stringify(spam)}`);
  assert.equal(spam.spam, true);
  const names = spam.rules.map((r: { name: string }) => r.name);
  for (const rule of ['GUARANTEED_100_PERCENT', 'DRUGS_ERECTILE'])
    assert.ok(names.includes(rule), `${rule} among ${names.join(', ')}`);
  const guaranteed = spam.rules.find((r: { name: string }) => r.name === 'GUARANTEED_100_PERCENT');
  assert.match(guaranteed.fix, /plain words/);
  // The rules that cost the most come first.
  assert.ok(spam.rules[0].score >= spam.rules[spam.rules.length - 1].score);

  assert.deepEqual(
    res.body.links.map((l: { href: string }) => l.href),
    ['#', 'javascript:alert(1)'],
  );
  assert.match(res.body.links[1].problem, /javascript: links do not work/);
  assert.equal(res.body.images.length, 1);
  assert.match(res.body.images[0].problem, /add alt text/);
  assert.equal(res.body.unsubscribeLink.present, false);
  assert.match(res.body.unsubscribeLink.problem, /unsubscribe footer block/);
  assert.match(res.body.problems[0], /^Spam score/);
});

test('a transactional email needs no unsubscribe link; bad input is a 400 or 404', async () => {
  const id = await saved('Receipt', 'Your receipt', '<mj-text>Thanks for your order.</mj-text>');
  const res = await check(id, { messagingType: 'transactional' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.marketing, false);
  assert.deepEqual(res.body.unsubscribeLink, { present: true });
  const bad = await check(id, { customerId: 'nope', messagingType: 'Not A Key' });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.problems.map((p: { field: string }) => p.field).sort(), [
    'customerId',
    'messagingType',
  ]);
  const missing = await check('00000000-0000-4000-8000-000000000000');
  assert.equal(missing.status, 404);
});
