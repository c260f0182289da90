// Journeys on a real Temporal dev server, driven through the api: waiting for an event with a
// timeout, leaving on an exit event, and ending on the conversion goal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CampaignGraph } from '../core/graph.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let templateId: string;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  templateId = await createTemplate(h, {
    ...welcomeTemplate,
    subject: '{{ customer.firstName }}: {{ event.type }}',
  });
});
after(() => h.close());

const post = async (type: string, externalId: string, properties: Record<string, unknown> = {}) => {
  const res = await h.api('/v1/events', {
    body: {
      type,
      externalId,
      properties,
      customer: { email: `${externalId}@example.com`, firstName: externalId },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body as {
    customerId: string;
    journeysStarted: { workflowId: string }[];
    journeysSignalled: number;
  };
};
const result = (workflowId: string) => h.temporal.workflow.getHandle(workflowId).result();
const entryStatus = async (workflowId: string) =>
  (await h.db('campaign_entries').where({ workflow_id: workflowId }).first()).status as string;

describe('wait for event', () => {
  // registered → wait up to 3 s for a purchase over 50 → "event": send; "timeout": exit.
  const graph = (): CampaignGraph => ({
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'registered' },
      {
        id: 'buy',
        kind: 'waitForEvent',
        eventType: 'purchase',
        filters: [{ property: 'total', operator: 'gt', value: 50 }],
        timeout: { amount: 3, unit: 'seconds' },
      },
      { id: 'thanks', kind: 'sendEmail', templateId },
      { id: 'done', kind: 'exit' },
      { id: 'gave-up', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'buy', exit: 'next' },
      { from: 'buy', to: 'thanks', exit: 'event' },
      { from: 'thanks', to: 'done', exit: 'next' },
      { from: 'buy', to: 'gave-up', exit: 'timeout' },
    ],
    reentry: { kind: 'once' },
  });
  before(() => publishCampaign(h, 'Wait for a purchase', graph()));

  test('a matching event leaves by "event"; one that fails the filter does not count', async () => {
    const { journeysStarted } = await post('registered', 'wfe-1');
    const small = await post('purchase', 'wfe-1', { total: 20 });
    assert.equal(small.journeysSignalled, 1);
    await post('purchase', 'wfe-1', { total: 80 });
    const state = await result(journeysStarted[0]!.workflowId);
    assert.deepEqual(state.path, ['buy', 'thanks', 'done']);
    assert.equal(state.outcome, 'completed');
    await h.smtp.waitFor((m) => m.subject === 'wfe-1: registered');
  });

  test('no matching event within the timeout leaves by "timeout"', async () => {
    const { journeysStarted } = await post('registered', 'wfe-2');
    await post('purchase', 'wfe-2', { total: 10 });
    const started = Date.now();
    const state = await result(journeysStarted[0]!.workflowId);
    assert.deepEqual(state.path, ['buy', 'gave-up']);
    assert.ok(Date.now() - started >= 2_000, 'waited for the timeout');
    assert.equal(h.smtp.to('wfe-2@example.com').length, 0);
  });
});

describe('leaving early', () => {
  // browsed → wait an hour → email; a purchase is the goal, an unsubscribe an exit event.
  const graph = (): CampaignGraph => ({
    ...waitThenEmail('browsed', { amount: 1, unit: 'hours' }, templateId),
    goal: { eventType: 'purchase', filters: [{ property: 'total', operator: 'gte', value: 1 }] },
    exitOn: [{ eventType: 'unsubscribed', filters: [] }],
  });
  before(() => publishCampaign(h, 'Browse nudge', graph()));

  test('a waiting journey is listed by its current node in Temporal, and the exit event ends it', async () => {
    const { journeysStarted } = await post('browsed', 'le-1');
    const workflowId = journeysStarted[0]!.workflowId;
    const campaignId = workflowId.split(':')[1]!;
    const listed = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of h.temporal.workflow.list({
        query: `CampaignId = '${campaignId}' AND JourneyNode = 'wait'`,
      }))
        ids.push(wf.workflowId);
      return ids.includes(workflowId) ? ids : undefined;
    });
    assert.deepEqual(listed, [workflowId]);
    await post('unsubscribed', 'le-1');
    const state = await result(journeysStarted[0]!.workflowId);
    assert.equal(state.outcome, 'exited');
    assert.deepEqual(state.path, ['wait']);
    assert.equal(await entryStatus(journeysStarted[0]!.workflowId), 'exited');
  });

  test('meeting the goal counts a conversion and ends the journey before its email', async () => {
    const { journeysStarted } = await post('browsed', 'le-2');
    await post('purchase', 'le-2', { total: 0 }); // fails the goal's filter
    await post('purchase', 'le-2', { total: 30 });
    const state = await result(journeysStarted[0]!.workflowId);
    assert.equal(state.outcome, 'converted');
    assert.equal(await entryStatus(journeysStarted[0]!.workflowId), 'converted');
    assert.equal(h.smtp.to('le-2@example.com').length, 0);
  });
});
