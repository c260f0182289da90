// Editing a live campaign (DESIGN decision 2): 100 journeys wait in version 1's delay while
// version 2 is published; they finish on version 1, new entries run version 2, and the api says
// how many journeys run on each. On the time-skipping server, so the 3-day wait takes seconds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';
import { eventually, type Harness } from '../scripts/testing/harness.ts';
import { timeSkippingHarness } from '../scripts/testing/time-skipping.ts';
import type { JourneyState } from './journey-api.ts';

let env: TestWorkflowEnvironment;
let h: Harness;
let close: (() => Promise<void>) | undefined;
before(async () => {
  ({ env, h, close } = await timeSkippingHarness());
});
after(() => close?.());

const enterMany = async (prefix: string, count: number) => {
  const res = await h.api('/v1/events', {
    body: {
      events: Array.from({ length: count }, (_, i) => ({
        type: 'joined',
        externalId: `${prefix}-${i}`,
        customer: { email: `${prefix}-${i}@example.com` },
      })),
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body).slice(0, 500));
  return (res.body.results as { journeysStarted: { workflowId: string; version: number }[] }[]).map(
    (r) => r.journeysStarted[0]!,
  );
};

test('journeys in flight finish on their version; new entries take the new one', async () => {
  const [v1Template, v2Template] = await Promise.all([
    createTemplate(h, { ...welcomeTemplate, subject: 'Version one' }),
    createTemplate(h, { ...welcomeTemplate, subject: 'Version two' }),
  ]);
  const campaignId = await publishCampaign(
    h,
    'Edited live',
    waitThenEmail('joined', { amount: 3, unit: 'days' }, v1Template),
  );
  const first = await enterMany('v1', 100);
  assert.ok(first.every((j) => j.version === 1));
  await eventually(async () => {
    const rows = await h
      .db('campaign_entries')
      .where({ campaign_id: campaignId, current_node: 'wait' });
    return rows.length === 100 ? true : undefined;
  }, 60_000);

  // Version 2 sends another email after a shorter wait.
  const edited = waitThenEmail('joined', { amount: 1, unit: 'days' }, v2Template);
  assert.equal(
    (await h.api(`/v1/campaigns/${campaignId}`, { method: 'PATCH', body: { graph: edited } }))
      .status,
    200,
  );
  const published = await h.api(`/v1/campaigns/${campaignId}/publish`, {
    body: { note: 'shorter wait' },
  });
  assert.equal(published.status, 201, JSON.stringify(published.body));
  const second = await enterMany('v2', 10);
  assert.ok(second.every((j) => j.version === 2));

  const running = (await h.api(`/v1/campaigns/${campaignId}`)).body.campaign.versions as {
    version: number;
    runningJourneys: number;
  }[];
  assert.deepEqual(running.map((v) => [v.version, v.runningJourneys]).sort(), [
    [1, 100],
    [2, 10],
  ]);

  const states = await Promise.all(
    [...first, ...second].map(
      async (j) => (await env.client.workflow.getHandle(j.workflowId).result()) as JourneyState,
    ),
  );
  assert.ok(states.every((s) => s.outcome === 'completed'));
  await h.smtp.waitFor((m) => m.subject === 'Version one', { count: 100, timeoutMs: 60_000 });
  await h.smtp.waitFor((m) => m.subject === 'Version two', { count: 10, timeoutMs: 60_000 });
  assert.equal(h.smtp.mails.length, 110);
});
