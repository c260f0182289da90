// Drafts as the canvas saves them: an empty campaign, half-filled steps kept as drawn, the
// problems each naming its step, publishing refused until they are fixed; the customers at a step.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, waitThenEmail } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let templateId: string;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  templateId = await createTemplate(h, welcomeTemplate);
});
after(() => h.close());

test('a draft is saved as drawn, and publishing names each step to fix', async () => {
  const created = await h.api('/v1/campaigns', { body: { name: 'From scratch' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.campaign.id;
  assert.deepEqual(created.body.campaign.draft, { nodes: [], edges: [] });

  const half = {
    nodes: [
      { id: 'start', kind: 'trigger', eventType: '', position: { x: 0, y: 0 } },
      { id: 'mail', kind: 'sendEmail', templateId: 'no-such-template' },
    ],
    edges: [{ from: 'start', to: 'mail', exit: 'next' }],
    reentry: { kind: 'once' },
  };
  const saved = await h.api(`/v1/campaigns/${id}/draft`, { method: 'PUT', body: { graph: half } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(
    saved.body.campaign.problems.map((p: any) => [p.nodeId, p.field]),
    [
      ['start', 'graph.nodes.start.eventType'],
      // The structure is checked while fields are missing: the email leads nowhere yet.
      ['mail', 'graph.nodes.mail'],
      ['mail', 'graph.nodes.mail.templateId'],
    ],
  );
  // Nothing drawn is lost: the half-filled trigger comes back as it was saved.
  const read = await h.api(`/v1/campaigns/${id}`);
  assert.deepEqual(read.body.campaign.draft.nodes[0], half.nodes[0]);

  const refused = await h.api(`/v1/campaigns/${id}/publish`, { body: { note: 'first' } });
  assert.equal(refused.status, 400);
  assert.match(refused.body.error.message, /fix 3 problem/);
  assert.deepEqual(
    refused.body.error.problems.map((p: any) => p.nodeId),
    ['start', 'mail', 'mail'],
  );

  const fixed = waitThenEmail('draft_event', { amount: 1, unit: 'seconds' }, templateId);
  assert.equal(
    (await h.api(`/v1/campaigns/${id}/draft`, { method: 'PUT', body: { graph: fixed } })).body
      .campaign.problems.length,
    0,
  );
  const published = await h.api(`/v1/campaigns/${id}/publish`, { body: { note: 'first' } });
  assert.equal(published.status, 201, JSON.stringify(published.body));
  assert.equal(published.body.version.note, 'first');
  // The version is the draft with each send pinned to the template revision published now.
  assert.deepEqual(
    published.body.version.graph.nodes,
    fixed.nodes.map((n) => (n.kind === 'sendEmail' ? { ...n, templateRevision: 1 } : n)),
  );
});

test('a draft that is not a graph is refused with the field and kept unchanged', async () => {
  const created = await h.api('/v1/campaigns', { body: { name: 'Bad drafts' } });
  const id = created.body.campaign.id;
  const bad = await h.api(`/v1/campaigns/${id}/draft`, {
    method: 'PUT',
    body: { graph: { nodes: [{ kind: 'exit' }] } },
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(
    bad.body.error.problems.map((p: any) => p.field),
    ['graph.nodes.0.id'],
  );
  assert.deepEqual((await h.api(`/v1/campaigns/${id}`)).body.campaign.draft.nodes, []);
});

test('the customers standing at a step are listed with their journey links', async () => {
  const graph = waitThenEmail('at_node', { amount: 1, unit: 'hours' }, templateId);
  const created = await h.api('/v1/campaigns', { body: { name: 'At node', graph } });
  const id = created.body.campaign.id;
  assert.equal((await h.api(`/v1/campaigns/${id}/publish`, { body: {} })).status, 201);
  const event = await h.api('/v1/events', {
    body: { type: 'at_node', externalId: 'node-1', customer: { email: 'n1@example.com' } },
  });
  const workflowId = event.body.journeysStarted[0].workflowId;
  const atWait = await eventually(async () => {
    const res = await h.api(`/v1/campaigns/${id}/entries?node=wait`);
    return res.body.entries.length > 0 ? res.body.entries : undefined;
  });
  assert.deepEqual(
    atWait.map((e: any) => [e.workflowId, e.currentNode, e.customerEmail]),
    [[workflowId, 'wait', 'n1@example.com']],
  );
  assert.match(atWait[0].temporalUrl, /\/workflows\/journey/);
  assert.deepEqual((await h.api(`/v1/campaigns/${id}/entries?node=mail`)).body.entries, []);
});

test('the campaign list carries each schedule for the calendar: live version first', async () => {
  const graph = {
    ...waitThenEmail('scheduled', { amount: 1, unit: 'hours' }, templateId),
    startsAt: '2026-11-27T00:00:00Z',
    endsAt: '2026-11-30T23:59:59Z',
  };
  const created = await h.api('/v1/campaigns', { body: { name: 'Black Friday', graph } });
  const id = created.body.campaign.id;
  const listed = async () =>
    (await h.api('/v1/campaigns')).body.campaigns.find((c: any) => c.id === id);
  assert.deepEqual(
    [(await listed()).startsAt, (await listed()).endsAt, (await listed()).publishedAt],
    ['2026-11-27T00:00:00Z', '2026-11-30T23:59:59Z', null],
  );
  assert.equal((await h.api(`/v1/campaigns/${id}/publish`, { body: {} })).status, 201);
  // A later draft does not move the live campaign on the calendar.
  await h.api(`/v1/campaigns/${id}/draft`, {
    method: 'PUT',
    body: { graph: { ...graph, startsAt: '2026-12-24T00:00:00Z' } },
  });
  const live = await listed();
  assert.equal(live.startsAt, '2026-11-27T00:00:00Z');
  assert.match(live.publishedAt, /^\d{4}-\d\d-\d\dT/);
});

test('a draft changed elsewhere since it was opened is not overwritten', async () => {
  const created = await h.api('/v1/campaigns', { body: { name: 'Two tabs' } });
  const id = created.body.campaign.id;
  const opened = created.body.campaign.updatedAt;
  const mine = { nodes: [{ id: 'start', kind: 'trigger', eventType: 'mine' }], edges: [] };
  const theirs = { nodes: [{ id: 'start', kind: 'trigger', eventType: 'theirs' }], edges: [] };

  // Tab A saves on top of what it opened, and gets the new time to save on top of next.
  const a = await h.api(`/v1/campaigns/${id}/draft`, {
    method: 'PUT',
    body: { graph: theirs, baseUpdatedAt: opened },
  });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.notEqual(a.body.campaign.updatedAt, opened);
  // Tab B, opened at the same time, is refused and told why; tab A's draft stands.
  const b = await h.api(`/v1/campaigns/${id}/draft`, {
    method: 'PUT',
    body: { graph: mine, baseUpdatedAt: opened },
  });
  assert.equal(b.status, 409);
  assert.match(b.body.error.message, /changed elsewhere/);
  assert.equal(
    (await h.api(`/v1/campaigns/${id}`)).body.campaign.draft.nodes[0].eventType,
    'theirs',
  );
  const again = await h.api(`/v1/campaigns/${id}/draft`, {
    method: 'PUT',
    body: { graph: mine, baseUpdatedAt: a.body.campaign.updatedAt },
  });
  assert.equal(again.status, 200);
});
