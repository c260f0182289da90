// The A/B split on a real Temporal server: each customer gets the variant the stable draw
// gives them, and the control group gets nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CampaignGraph } from '../core/graph.ts';
import { drawSplit } from '../core/split.ts';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

test('customers get their drawn variant; the control group is sent nothing', async () => {
  const a = await createTemplate(h, { ...welcomeTemplate, subject: 'Variant A' });
  const b = await createTemplate(h, { ...welcomeTemplate, subject: 'Variant B' });
  const split = {
    id: 'ab',
    kind: 'split' as const,
    variants: [
      { name: 'A', weight: 40 },
      { name: 'B', weight: 40 },
    ],
    controlWeight: 20,
  };
  const graph: CampaignGraph = {
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'joined' },
      split,
      { id: 'mail-a', kind: 'sendEmail', templateId: a },
      { id: 'mail-b', kind: 'sendEmail', templateId: b },
      { id: 'out', kind: 'exit' },
      { id: 'held-out', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'ab', exit: 'next' },
      { from: 'ab', to: 'mail-a', exit: 'A' },
      { from: 'ab', to: 'mail-b', exit: 'B' },
      { from: 'ab', to: 'held-out', exit: 'control' },
      { from: 'mail-a', to: 'out', exit: 'next' },
      { from: 'mail-b', to: 'out', exit: 'next' },
    ],
    reentry: { kind: 'once' },
  };
  const campaignId = await publishCampaign(h, 'A/B', graph);
  const res = await h.api('/v1/events', {
    body: {
      events: Array.from({ length: 40 }, (_, i) => ({
        type: 'joined',
        externalId: `ab-${i}`,
        customer: { email: `ab-${i}@example.com` },
      })),
    },
  });
  assert.equal(res.status, 202);
  const drawn = new Map<string, string>();
  for (const r of res.body.results) {
    const state = await h.temporal.workflow.getHandle(r.journeysStarted[0].workflowId).result();
    drawn.set(r.customerId, drawSplit(split, `${campaignId}:ab:${r.customerId}`));
    const expected = { A: 'mail-a', B: 'mail-b', control: 'held-out' }[drawn.get(r.customerId)!];
    assert.equal(state.path[1], expected);
  }
  const groups = [...drawn.values()];
  assert.ok(
    ['A', 'B', 'control'].every((g) => groups.includes(g)),
    `all three groups drawn: ${groups.join(',')}`,
  );
  for (const [customerId, group] of drawn) {
    const messages = await h.db('messages').where({ customer_id: customerId });
    if (group === 'control') assert.equal(messages.length, 0);
    else assert.equal(messages[0].subject, `Variant ${group}`);
  }
});
