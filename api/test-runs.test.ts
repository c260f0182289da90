// Test runs of a draft, through the api with the real worker: a tester follows the draft's graph
// before it is published and whatever the re-entry rule says; the message is sent, marked as
// test and left out of the campaign's numbers; nothing reaches the tester's timeline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, waitThenEmail } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let templateId: string;
let tester: string;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  templateId = await createTemplate(h, welcomeTemplate);
  const res = await h.api('/v1/customers', {
    body: { externalId: 'tester-1', email: 'tester@example.com', firstName: 'Tess' },
  });
  assert.ok(res.status < 300, JSON.stringify(res.body));
  tester = res.body.customer.id as string;
});
after(() => h.close());

async function draft(name: string, graph: unknown): Promise<string> {
  const res = await h.api('/v1/campaigns', { body: { name, graph } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.campaign.id as string;
}

const testRun = (campaignId: string, body: unknown) =>
  h.api(`/v1/campaigns/${campaignId}/test-runs`, { body });

describe('test runs of a draft', () => {
  test('a tester follows the unpublished draft twice, though it admits a customer once', async () => {
    const graph = waitThenEmail('cart_abandoned', { amount: 1, unit: 'seconds' }, templateId);
    const id = await draft('Cart reminder', graph);
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await testRun(id, { externalId: 'tester-1' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      runs.push(res.body.journey.workflowId as string);
    }
    assert.notEqual(runs[0], runs[1]);
    for (const workflowId of runs) await h.temporal.workflow.getHandle(workflowId).result();

    // Its progress: every step it passed, and how it ended.
    const journey = await h.api(`/v1/journeys/${encodeURIComponent(runs[0]!)}`);
    assert.equal(journey.status, 200, JSON.stringify(journey.body));
    assert.deepEqual(journey.body.journey.state.path, ['wait', 'mail', 'out']);
    assert.equal(journey.body.journey.status, 'completed');

    // The email reached the tester, twice, and both messages are marked as test.
    assert.equal((await h.smtp.waitFor(() => true, { count: 2 })).length >= 2, true);
    assert.equal(h.smtp.to('tester@example.com').length, 2);
    const messages = await h.db('messages').where({ campaign_id: id });
    assert.equal(messages.length, 2);
    assert.ok(messages.every((m: { test: boolean; status: string }) => m.test));

    // The campaign's numbers know nothing of them, and the timeline has no entry event.
    const stats = await h.api(`/v1/campaigns/${id}/stats`);
    assert.equal(stats.status, 200);
    const mail = (stats.body.nodes as { nodeId: string; sent: number; entered: number }[]).find(
      (n) => n.nodeId === 'mail',
    )!;
    assert.deepEqual([mail.sent, mail.entered], [0, 0]);
    assert.deepEqual(stats.body.journeys, {});
    const events = await h.db('events').where({ customer_id: tester });
    assert.deepEqual(events, []);

    // Published, the campaign still admits the tester once, as their first entry.
    const published = await h.api(`/v1/campaigns/${id}/publish`, { body: {} });
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const live = await h.api('/v1/events', {
      body: { type: 'cart_abandoned', externalId: 'tester-1' },
    });
    assert.equal(live.status, 202, JSON.stringify(live.body));
    assert.deepEqual(
      live.body.journeysStarted.map((j: { workflowId: string }) => j.workflowId),
      [`journey:${id}:${tester}:1`],
    );
  });

  test('a draft with problems, an unknown tester and an unknown campaign are refused', async () => {
    const id = await draft('Half drawn', {
      nodes: [
        { id: 'in', kind: 'trigger', eventType: 'cart_abandoned' },
        { id: 'mail', kind: 'sendEmail', templateId: '00000000-0000-4000-8000-000000000000' },
      ],
      edges: [{ from: 'in', to: 'mail', exit: 'next' }],
    });
    const problems = await testRun(id, { externalId: 'tester-1' });
    assert.equal(problems.status, 400);
    assert.ok(
      problems.body.error.problems.some((p: { field: string }) => p.field.includes('mail')),
      JSON.stringify(problems.body),
    );

    const ok = await draft('Fine', waitThenEmail('x', { amount: 1, unit: 'seconds' }, templateId));
    const nobody = await testRun(ok, { externalId: 'no-such-tester' });
    assert.equal(nobody.status, 400);
    assert.equal(nobody.body.error.problems[0].field, 'externalId');
    const missing = await testRun('00000000-0000-4000-8000-000000000000', {
      externalId: 'tester-1',
    });
    assert.equal(missing.status, 404);
    assert.equal((await h.db('campaign_entries').where({ campaign_id: ok })).length, 0);
  });
});
