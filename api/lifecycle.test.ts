// Pause, resume, stop and archive, with journeys in flight on a real Temporal server.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { BUSY_DOMAIN } from '../scripts/testing/smtp-peer.ts';
import pino from 'pino';
import { activeTriggeredVersions } from '../db/campaigns.ts';
import { enterCampaign } from '../entry/journeys.ts';
import { journeyStateQuery } from '../workflows/journey-api.ts';

let h: Harness;
let templateId: string;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  templateId = await createTemplate(h, {
    ...welcomeTemplate,
    subject: 'Hello {{ customer.firstName }}',
  });
});
after(() => h.close());

const graph = (eventType: string, seconds: number) =>
  waitThenEmail(eventType, { amount: seconds, unit: 'seconds' }, templateId);
const post = async (type: string, externalId: string) =>
  (
    await h.api('/v1/events', {
      body: {
        type,
        externalId,
        customer: { email: `${externalId}@example.com`, firstName: externalId },
      },
    })
  ).body as { journeysStarted: { workflowId: string }[] };

test('pause holds journeys before their next email; resume sends it', async () => {
  const id = await publishCampaign(h, 'Pausable', graph('pausable', 1));
  const { journeysStarted } = await post('pausable', 'pa-1');
  const paused = await h.api(`/v1/campaigns/${id}/pause`, { body: {} });
  assert.equal(paused.status, 200, JSON.stringify(paused.body));
  assert.equal(paused.body.campaign.status, 'paused');
  assert.equal(paused.body.journeys.affected, 1);
  assert.match(paused.body.journeys.effect, /hold before their next message/);

  assert.equal(
    (await post('pausable', 'pa-2')).journeysStarted.length,
    0,
    'no one enters a paused campaign',
  );
  await new Promise((r) => setTimeout(r, 2_500)); // the delay is over, the email is held
  const handle = h.temporal.workflow.getHandle(journeysStarted[0]!.workflowId);
  const state = await handle.query(journeyStateQuery);
  assert.equal(state.paused, true);
  assert.equal(state.currentNode, 'mail');
  assert.equal(h.smtp.to('pa-1@example.com').length, 0);

  const resumed = await h.api(`/v1/campaigns/${id}/resume`, { body: {} });
  assert.equal(resumed.body.campaign.status, 'active');
  await h.smtp.waitFor((m) => m.subject === 'Hello pa-1');
  assert.equal((await handle.result()).outcome, 'completed');
});

test("a pause that lands between the trigger's read and the journey's start still holds it", async () => {
  const id = await publishCampaign(h, 'Paused in between', graph('in-between', 1));
  // The api read the campaign as active, as it does once per batch of events...
  const version = (await activeTriggeredVersions(h.db)).find((v) => v.campaign_id === id)!;
  const customer = await h.api('/v1/customers', {
    body: { externalId: 'pb-1', email: 'pb-1@example.com', firstName: 'pb-1' },
  });
  // ...then the marketer paused it, before the journey existed to be signalled.
  assert.equal((await h.api(`/v1/campaigns/${id}/pause`, { body: {} })).status, 200);
  const deps = {
    db: h.db,
    temporal: h.temporal,
    config: { TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: h.taskQueue },
    log: pino({ level: 'silent' }),
  };
  const event = {
    id: randomUUID(),
    type: 'in-between',
    properties: {},
    occurredAt: new Date().toISOString(),
  };
  const entered = await enterCampaign(deps, version, 'in', customer.body.customer.id, event);
  assert.ok('journey' in entered, JSON.stringify(entered));
  const handle = h.temporal.workflow.getHandle(entered.journey.workflowId);
  await eventually(async () =>
    (await handle.query(journeyStateQuery)).currentNode === 'mail' ? true : undefined,
  );
  assert.equal((await handle.query(journeyStateQuery)).paused, true);
  assert.equal(h.smtp.to('pb-1@example.com').length, 0, 'held before its email');
  assert.equal((await h.api(`/v1/campaigns/${id}/resume`, { body: {} })).status, 200);
  await h.smtp.waitFor((m) => m.subject === 'Hello pb-1');
});

test('stop ends every running journey without sending', async () => {
  const id = await publishCampaign(h, 'Stoppable', graph('stoppable', 3600));
  const started = [await post('stoppable', 'st-1'), await post('stoppable', 'st-2')].map(
    (r) => r.journeysStarted[0]!.workflowId,
  );
  const detail = await h.api(`/v1/campaigns/${id}`);
  assert.deepEqual(
    detail.body.campaign.versions.map((v: { runningJourneys: number }) => v.runningJourneys),
    [2],
  );
  assert.deepEqual(
    detail.body.campaign.actions.map((a: { action: string }) => a.action),
    ['publish', 'pause', 'stop'],
  );

  const stopped = await h.api(`/v1/campaigns/${id}/stop`, { body: {} });
  assert.equal(stopped.body.journeys.affected, 2);
  for (const workflowId of started) {
    await assert.rejects(h.temporal.workflow.getHandle(workflowId).result(), WorkflowFailedError);
  }
  const entries = await h.db('campaign_entries').where({ campaign_id: id }).select('status');
  assert.deepEqual(
    entries.map((e: { status: string }) => e.status),
    ['stopped', 'stopped'],
  );
  assert.equal((await post('stoppable', 'st-3')).journeysStarted.length, 0);
  assert.equal(h.smtp.to('st-1@example.com').length + h.smtp.to('st-2@example.com').length, 0);
});

test('an action the status does not allow is refused with 409 saying which statuses allow it', async () => {
  const id = await publishCampaign(h, 'Refusals', graph('refusals', 1));
  const resume = await h.api(`/v1/campaigns/${id}/resume`, { body: {} });
  assert.equal(resume.status, 409);
  assert.equal(
    resume.body.error.message,
    'An active campaign cannot be resumed; only a paused one can.',
  );
  assert.equal((await h.api(`/v1/campaigns/${id}/archive`, { body: {} })).status, 409);
  assert.equal((await h.api(`/v1/campaigns/${id}/stop`, { body: {} })).status, 200);
  const archived = await h.api(`/v1/campaigns/${id}/archive`, { body: {} });
  assert.equal(archived.body.campaign.status, 'archived');
  assert.equal((await h.api(`/v1/campaigns/${id}/publish`, { body: {} })).status, 409);
});

test('stopping a journey whose email is being retried skips the message and counts its steps once', async () => {
  // The mailbox answers 451 every time: the send is retried, with backoff, until the stop.
  const id = await publishCampaign(h, 'Busy inbox', {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'busy_signup' },
      { id: 'mail', kind: 'sendEmail', templateId },
      { id: 'done', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'mail', exit: 'next' },
      { from: 'mail', to: 'done', exit: 'next' },
    ],
    reentry: { kind: 'once' },
  });
  const res = await h.api('/v1/events', {
    body: {
      type: 'busy_signup',
      externalId: 'busy-1',
      customer: { email: `busy-1@${BUSY_DOMAIN}` },
    },
  });
  const [journey] = (res.body as { journeysStarted: { workflowId: string }[] }).journeysStarted;
  assert.ok(journey, 'the event started a journey');
  const message = () =>
    h.db('messages').where({ campaign_id: id }).first<{ status: string; error: string | null }>();
  await eventually(async () => ((await message())?.error ? true : undefined));

  const stopped = await h.api(`/v1/campaigns/${id}/stop`, { body: {} });
  assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
  await eventually(async () =>
    (await h.db('campaign_entries').where({ workflow_id: journey.workflowId }).first())?.finished_at
      ? true
      : undefined,
  );
  const left = await message();
  assert.equal(left?.status, 'skipped', 'no retry is coming: the message is not left "sending"');
  assert.match(left?.error ?? '', /journey left before this message was sent/);
  const stats = await h.api(`/v1/campaigns/${id}/stats`);
  const entered = Object.fromEntries(
    (stats.body as { nodes: { nodeId: string; entered: number }[] }).nodes.map((n) => [
      n.nodeId,
      n.entered,
    ]),
  );
  // Counted by the send's first claim, and not again by the finish.
  assert.equal(entered.mail, 1);
  assert.equal(h.smtp.to(`busy-1@${BUSY_DOMAIN}`).length, 0);
});
