// The global control group: a stable share of customers by a hash of their ID who get no
// marketing. The api's size, the view the uplift reports read, and the JS check agree; a
// mailing leaves them out (counted as "control_group"); a campaign's marketing email to one is
// skipped as "control group"; a transactional one still goes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { controlBucket, globalControlGroup, inGlobalControlGroup } from '../db/control-group.ts';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { mailingIn, startMailing } from '../scripts/testing/mailings.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h?.close());

test('a quarter held out: the same customers everywhere, and no marketing reaches them', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const res = await h.api('/v1/customers', {
      body: { externalId: `cg-${i}`, email: `cg-${i}@example.com` },
    });
    ids.push(res.body.customer.id as string);
  }
  const saved = await h.api('/v1/contact-policy', {
    method: 'PUT',
    body: { controlGroupPercent: 25 },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const expected = ids.filter((id) => controlBucket(id) < 2500).sort();
  assert.ok(expected.length > 0 && expected.length < 40, 'some, not all, held out');
  assert.equal(saved.body.controlGroupSize, expected.length);
  const listed = (await globalControlGroup(h.db)).map((r) => r.customer_id).sort();
  assert.deepEqual(listed, expected);
  for (const id of ids)
    assert.equal(await inGlobalControlGroup(h.db, id), expected.includes(id), id);

  const templateId = await createTemplate(h, welcomeTemplate);
  const sent = await mailingIn(h, await startMailing(h, 'All forty', templateId, ids));
  assert.equal(sent.excluded.control_group, expected.length);
  assert.equal(sent.counts.sent, 40 - expected.length);
  const mailed = await h
    .db('messages')
    .where({ mailing_id: sent.id })
    .pluck<string[]>('customer_id');
  assert.equal(mailed.filter((c) => expected.includes(c)).length, 0);

  // A campaign's marketing email to one of them is skipped; a transactional one goes.
  await publishCampaign(h, 'Welcome', welcomeGraph(templateId));
  const graph = welcomeGraph(templateId);
  graph.nodes[0] = { ...graph.nodes[0]!, eventType: 'paid' } as (typeof graph.nodes)[0];
  graph.nodes[1] = {
    ...graph.nodes[1]!,
    messagingType: 'transactional',
  } as (typeof graph.nodes)[1];
  await publishCampaign(h, 'Receipt', graph);
  const held = expected[0]!;
  const externalId = `cg-${ids.indexOf(held)}`;
  await h.api('/v1/events', { body: { type: 'signed_up', externalId } });
  await h.api('/v1/events', { body: { type: 'paid', externalId } });
  const rows = await eventually(async () => {
    const r = await h
      .db('messages')
      .where({ customer_id: held })
      .whereNull('mailing_id')
      .whereNot('status', 'sending')
      .orderBy('messaging_type')
      .select<{ messaging_type: string; status: string; error: string | null }[]>(
        'messaging_type',
        'status',
        'error',
      );
    return r.length === 2 ? r : undefined;
  }, 30_000);
  assert.deepEqual(rows, [
    { messaging_type: 'promo', status: 'skipped', error: 'control group' },
    { messaging_type: 'transactional', status: 'sent', error: null },
  ]);
});
