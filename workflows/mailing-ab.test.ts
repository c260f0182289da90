// An A/B test with a control group on the time-skipping server: 2,000 recipients, 10% held out
// as the A/B control, 25% of the rest split over two variants; shares within tolerance; after the
// test, opens favour variant B, and when the set time has passed B is picked and sent to the
// rest. Each recipient gets one email.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate } from '../scripts/testing/fixtures.ts';
import { eventually, type Harness } from '../scripts/testing/harness.ts';
import { audienceOf, mailingIn } from '../scripts/testing/mailings.ts';
import { timeSkippingHarness } from '../scripts/testing/time-skipping.ts';

let env: TestWorkflowEnvironment;
let h: Harness;
let close: (() => Promise<void>) | undefined;
before(async () => {
  ({ env, h, close } = await timeSkippingHarness());
});
after(() => close?.());

const N = 2000;
const within = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual}, expected ${expected} ± ${tolerance}`,
  );

test('A/B with a control group: shares within tolerance, the winner sent to the rest', async () => {
  const rows = Array.from({ length: N }, (_, i) => ({
    external_id: `ab-${i}`,
    email: `ab-${i}@example.com`,
  }));
  const ids = await h
    .db('customers')
    .insert(rows)
    .returning<{ id: string }[]>('id')
    .then((r) => r.map((x) => x.id));
  const templateId = await createTemplate(h, welcomeTemplate);
  const made = await h.api('/v1/mailings', {
    body: {
      name: 'Subject test',
      channel: 'email',
      templateId,
      audience: { include: { audiences: [await audienceOf(h, 'Two thousand', ids)] } },
      abTest: {
        variants: [
          { templateId, subject: 'Variant A' },
          { templateId, subject: 'Variant B' },
        ],
        controlPercent: 10,
        testPercent: 25,
        winnerBy: 'opens',
        winnerAfterMinutes: 120,
      },
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.mailing.id as string;
  assert.equal((await h.api(`/v1/mailings/${id}/start`, { method: 'POST' })).status, 202);

  // The test share is sent; the rest are held.
  const tested = await eventually(async () => {
    const m = (await h.api(`/v1/mailings/${id}`)).body.mailing;
    return m.counts.queued === 0 && m.counts.sent > 0 ? m : undefined;
  }, 120_000);
  within(tested.excluded.ab_control, N * 0.1, 60, 'A/B control');
  within(tested.counts.sent, N * 0.9 * 0.25, 60, 'test share');
  const split = await h
    .db('mailing_recipients')
    .where({ mailing_id: id })
    .groupBy('state', 'variant')
    .select<{ state: string; variant: number | null; n: string }[]>(
      'state',
      'variant',
      h.db.raw('count(*) as n'),
    );
  const n = (state: string, variant: number | null) =>
    Number(split.find((s) => s.state === state && s.variant === variant)?.n ?? 0);
  within(n('done', 0), N * 0.9 * 0.125, 45, 'variant A');
  within(n('done', 1), N * 0.9 * 0.125, 45, 'variant B');
  within(n('held', null), N * 0.9 * 0.75, 80, 'held for the winner');
  assert.equal(h.smtp.mails.length, tested.counts.sent);

  // Half of B's recipients open it, a tenth of A's (recorded as the open pixel records them).
  const opened = async (subject: string, share: number) => {
    const sent = await h.db('messages').where({ mailing_id: id, subject }).pluck<string[]>('id');
    const some = sent.slice(0, Math.round(sent.length * share));
    await h
      .db('message_status_history')
      .insert(some.map((message_id) => ({ message_id, status: 'opened' })));
  };
  await opened('Variant A', 0.1);
  await opened('Variant B', 0.5);
  await env.sleep(60 * 60_000);
  assert.equal(
    (await h.api(`/v1/mailings/${id}`)).body.mailing.abWinner,
    null,
    'not before 2 hours',
  );

  await env.sleep(61 * 60_000);
  const sent = await mailingIn(h, id, 'sent', 180_000);
  assert.equal(sent.abWinner, 1);
  assert.equal(sent.counts.sent, N - sent.excluded.ab_control);
  const subjects = new Map<string, number>();
  for (const m of h.smtp.mails) subjects.set(m.subject!, (subjects.get(m.subject!) ?? 0) + 1);
  assert.equal(subjects.get('Variant A'), n('done', 0));
  assert.equal(subjects.get('Variant B'), N - sent.excluded.ab_control - n('done', 0));
  const to = new Set(h.smtp.mails.map((m) => (m.to && 'text' in m.to ? m.to.text : '')));
  assert.equal(to.size, h.smtp.mails.length, 'one email per recipient');
  assert.deepEqual(
    sent.abResults.map((r: { variant: number }) => r.variant),
    [0, 1],
  );
});
