// Developers' handles on journeys: enter a customer by hand, read a journey's state, and send
// an event to one journey.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CampaignGraph } from '../core/graph.ts';
import { publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let campaignId: string;
let customerId: string;

// manual → wait up to an hour for "approved" → done / expired
const graph: CampaignGraph = {
  nodes: [
    { id: 'in', kind: 'trigger', eventType: 'never_posted' },
    {
      id: 'approval',
      kind: 'waitForEvent',
      eventType: 'approved',
      filters: [],
      timeout: { amount: 1, unit: 'hours' },
    },
    { id: 'done', kind: 'exit' },
    { id: 'expired', kind: 'exit' },
  ],
  edges: [
    { from: 'in', to: 'approval', exit: 'next' },
    { from: 'approval', to: 'done', exit: 'event' },
    { from: 'approval', to: 'expired', exit: 'timeout' },
  ],
  reentry: { kind: 'once' },
};

before(async () => {
  h = await createHarness();
  await h.startWorker();
  campaignId = await publishCampaign(h, 'Approval', graph);
  customerId = (await h.api('/v1/customers', { body: { externalId: 'man-1', firstName: 'Manu' } }))
    .body.customer.id;
});
after(() => h.close());

test('a customer entered by hand runs the journey; the state shows where it waits and until when', async () => {
  const entered = await h.api(`/v1/campaigns/${campaignId}/entries`, {
    body: { externalId: 'man-1', properties: { reason: 'vip' } },
  });
  assert.equal(entered.status, 201, JSON.stringify(entered.body));
  const { workflowId } = entered.body.journey;
  assert.equal(workflowId, `journey:${campaignId}:${customerId}:1`);

  const journey = await eventually(async () => {
    const r = await h.api(`/v1/journeys/${encodeURIComponent(workflowId)}`);
    return r.body.journey?.state?.currentNode === 'approval' ? r.body.journey : undefined;
  });
  assert.equal(journey.status, 'running');
  assert.deepEqual(journey.state.path, ['approval']);
  const wakeUp = Date.parse(journey.state.wakeUpAt);
  assert.ok(
    wakeUp > Date.now() + 55 * 60_000 && wakeUp < Date.now() + 61 * 60_000,
    journey.state.wakeUpAt,
  );
  assert.match(journey.temporalUrl, /\/namespaces\/default\/workflows\/journey%3A/);

  const again = await h.api(`/v1/campaigns/${campaignId}/entries`, { body: { customerId } });
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, /entered this campaign before/);
  // The refused entry reached no timeline: one campaign_entered event, the first entry's.
  const entries = await h
    .db('events')
    .where({ customer_id: customerId, type: 'campaign_entered' })
    .select('id');
  assert.equal(entries.length, 1);

  const sent = await h.api(`/v1/journeys/${encodeURIComponent(workflowId)}/events`, {
    body: { type: 'approved' },
  });
  assert.equal(sent.status, 202);
  const state = await h.temporal.workflow.getHandle(workflowId).result();
  assert.deepEqual(state.path, ['approval', 'done']);
  const after = await h.api(`/v1/journeys/${encodeURIComponent(workflowId)}`);
  assert.equal(after.body.journey.status, 'completed');

  const late = await h.api(`/v1/journeys/${encodeURIComponent(workflowId)}/events`, {
    body: { type: 'approved' },
  });
  assert.equal(late.status, 409);
});

test('manual entry names what is wrong', async () => {
  const unknown = await h.api(`/v1/campaigns/${campaignId}/entries`, {
    body: { externalId: 'nobody' },
  });
  assert.equal(unknown.status, 400);
  assert.deepEqual(
    unknown.body.error.problems.map((p: { field: string }) => p.field),
    ['externalId'],
  );
  const badTrigger = await h.api(`/v1/campaigns/${campaignId}/entries`, {
    body: { customerId, triggerNodeId: 'nope' },
  });
  assert.deepEqual(badTrigger.body.error.problems, [
    { field: 'triggerNodeId', message: 'use one of: in' },
  ]);
  const draft = await h.api('/v1/campaigns', { body: { name: 'Draft', graph } });
  const intoDraft = await h.api(`/v1/campaigns/${draft.body.campaign.id}/entries`, {
    body: { customerId },
  });
  assert.equal(intoDraft.status, 409);
  assert.equal((await h.api('/v1/journeys/journey:nope')).status, 404);
});
