// The contact policy with the worker, a real SMTP server and real journeys: the api refuses a
// bad policy naming the field; a customer who got a campaign email today is capped by "1 email
// a day" out of the next campaign send (skipped with the rule, the journey still finishes) and
// out of a mailing (counted as capped, recorded on the recipient); quiet hours hold a campaign
// send in the recipient's zone; transactional types are exempt.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { mailingIn, startMailing } from '../scripts/testing/mailings.ts';

let h: Harness;
let templateId: string;
before(async () => {
  h = await createHarness();
  [templateId] = await Promise.all([createTemplate(h, welcomeTemplate), h.startWorker()]);
  for (const [name, eventType] of [
    ['Welcome', 'signed_up'],
    ['Order thanks', 'ordered'],
  ] as const) {
    const graph = welcomeGraph(templateId);
    graph.nodes[0] = { ...graph.nodes[0]!, eventType } as (typeof graph.nodes)[0];
    graph.reentry = { kind: 'notWhileRunning' };
    await publishCampaign(h, name, graph);
  }
});
after(() => h?.close());

const event = (type: string, externalId: string, timeZone = 'UTC') =>
  h.api('/v1/events', {
    body: {
      type,
      externalId,
      customer: { email: `${externalId}@example.com`, firstName: externalId, timeZone },
    },
  });

async function messagesOf(externalId: string, n: number) {
  return eventually(async () => {
    const rows = await h
      .db('messages as m')
      .join('customers as c', 'c.id', 'm.customer_id')
      .where('c.external_id', externalId)
      .whereNot('m.status', 'sending')
      .orderBy('m.created_at')
      .select<{ status: string; error: string | null; campaign_id: string | null }[]>(
        'm.status',
        'm.error',
        'm.campaign_id',
      );
    return rows.length >= n ? rows : undefined;
  }, 30_000);
}

const putPolicy = (body: unknown) => h.api('/v1/contact-policy', { method: 'PUT', body });

test('a bad policy is a 400 naming the field; a good one reads back', async () => {
  const bad = await putPolicy({ caps: [{ channel: 'fax', max: 1, days: 1 }], quietHours: [] });
  assert.equal(bad.status, 400);
  assert.deepEqual(
    bad.body.error.problems.map((p: { field: string }) => p.field),
    ['caps.0.channel'],
  );
  const tooLong = await putPolicy({ caps: [{ channel: 'any', max: 4, days: 60 }] });
  assert.equal(tooLong.status, 400);
  assert.match(JSON.stringify(tooLong.body), /at most 31 days/);

  const policy = {
    caps: [
      { channel: 'email', max: 2, days: 7 },
      { channel: 'sms', max: 1, days: 1 },
      { channel: 'any', max: 4, days: 7 },
    ],
    priorities: { promo: 'normal' },
    quietHours: [{ channel: 'sms', from: '21:00', to: '08:00' }],
    controlGroupPercent: 0,
  };
  const saved = await putPolicy(policy);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual((await h.api('/v1/contact-policy')).body.policy, policy);
});

test('one email a day: a campaign email today caps the next campaign send and a mailing', async () => {
  await putPolicy({ caps: [{ channel: 'email', max: 1, days: 1 }] });
  assert.equal((await event('signed_up', 'capped-1')).status, 202);
  assert.equal((await event('signed_up', 'free-1')).status, 202);
  assert.equal((await messagesOf('capped-1', 1))[0]!.status, 'sent');
  await messagesOf('free-1', 1);

  // The same day, another campaign's email: skipped with the rule, and the journey goes on.
  await event('ordered', 'capped-1');
  const [, second] = await messagesOf('capped-1', 2);
  assert.equal(second!.status, 'skipped');
  assert.equal(second!.error, 'contact policy: at most 1 email messages a day');
  await eventually(async () => {
    const open = await h
      .db('campaign_entries as e')
      .join('customers as c', 'c.id', 'e.customer_id')
      .where('c.external_id', 'capped-1')
      .whereNotIn('e.status', ['completed', 'failed'])
      .first();
    return open ? undefined : true;
  });

  // A mailing to both, with a fresh customer: the capped one is left out and counted.
  const fresh = await h.api('/v1/customers', {
    body: { externalId: 'fresh-1', email: 'fresh-1@example.com' },
  });
  const ids = await h
    .db('customers')
    .whereIn('external_id', ['capped-1', 'fresh-1'])
    .pluck<string[]>('id');
  assert.equal(ids.length, 2, JSON.stringify(fresh.body));
  const sent = await mailingIn(h, await startMailing(h, 'Capped', templateId, ids));
  assert.equal(sent.excluded.capped, 1);
  assert.equal(sent.counts.sent, 1);
  const left = await h
    .db('mailing_recipients as r')
    .join('customers as c', 'c.id', 'r.customer_id')
    .where({ 'r.mailing_id': sent.id })
    .select<{ external_id: string; state: string; reason: string | null }[]>(
      'c.external_id',
      'r.state',
      'r.reason',
    )
    .orderBy('c.external_id');
  assert.deepEqual(left, [
    { external_id: 'capped-1', state: 'excluded', reason: 'capped' },
    { external_id: 'fresh-1', state: 'done', reason: null },
  ]);
});

test('quiet hours hold a campaign email in the recipient zone; transactional types are exempt', async () => {
  // Quiet for the next two hours wherever "now" falls, in Tokyo's local time.
  const tokyo = (offsetMs: number) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(Date.now() + offsetMs));
  await putPolicy({
    quietHours: [{ channel: 'email', from: tokyo(-3_600_000), to: tokyo(3_600_000) }],
  });
  await event('signed_up', 'quiet-1', 'Asia/Tokyo');
  const [quiet] = await messagesOf('quiet-1', 1);
  assert.equal(quiet!.status, 'skipped');
  assert.match(quiet!.error!, /^contact policy: quiet hours .* for email$/);

  await putPolicy({
    caps: [{ channel: 'any', max: 0, days: 1 }],
    priorities: {},
    controlGroupPercent: 0,
  });
  await h.api('/v1/messaging-types/receipts', {
    method: 'PUT',
    body: { name: 'Receipts', transactional: true },
  });
  const graph = welcomeGraph(templateId);
  graph.nodes[0] = { ...graph.nodes[0]!, eventType: 'paid' } as (typeof graph.nodes)[0];
  graph.nodes[1] = { ...graph.nodes[1]!, messagingType: 'receipts' } as (typeof graph.nodes)[1];
  await publishCampaign(h, 'Receipt', graph);
  await event('paid', 'receipt-1');
  assert.equal((await messagesOf('receipt-1', 1))[0]!.status, 'sent');
});
