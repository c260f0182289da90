// The live view's numbers: per node, journeys entered, left by each exit, waiting now and sent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { abandonedCartGraph, cartReminderTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

type Stats = {
  nodes: {
    nodeId: string;
    entered: number;
    exits: Record<string, number>;
    waiting: number;
    sent: number;
  }[];
  journeys: Record<string, number>;
};
const statsOf = async (id: string) => (await h.api(`/v1/campaigns/${id}/stats`)).body as Stats;
const node = (s: Stats, id: string) => s.nodes.find((n) => n.nodeId === id)!;

test('node counters follow three abandoned carts, one of them bought', async () => {
  const id = await publishCampaign(
    h,
    'Abandoned cart',
    abandonedCartGraph(await createTemplate(h, cartReminderTemplate), {
      amount: 2,
      unit: 'seconds',
    }),
  );
  const started = [];
  for (const who of ['c-1', 'c-2', 'c-3']) {
    const r = await h.api('/v1/events', {
      body: { type: 'cart_updated', externalId: who, customer: { email: `${who}@example.com` } },
    });
    started.push(r.body.journeysStarted[0].workflowId as string);
  }
  await h.api('/v1/events', { body: { type: 'purchase', externalId: 'c-2' } });
  const waiting = await eventually(async () => {
    const s = await statsOf(id);
    // Where a journey is and what it counted are two writes: wait until both have landed.
    return node(s, 'wait').waiting === 3 && node(s, 'cart-updated').entered === 3 ? s : undefined;
  });
  assert.equal(node(waiting, 'cart-updated').entered, 3);

  for (const wf of started) await h.temporal.workflow.getHandle(wf).result();
  const done = await statsOf(id);
  const view = Object.fromEntries(
    done.nodes.map((n) => [n.nodeId, [n.entered, n.exits, n.waiting, n.sent]]),
  );
  assert.deepEqual(view, {
    'cart-updated': [3, { next: 3 }, 0, 0],
    wait: [3, { next: 3 }, 0, 0],
    purchased: [3, { yes: 1, no: 2 }, 0, 0],
    converted: [1, {}, 0, 0],
    reminder: [2, { next: 2 }, 0, 2],
    reminded: [2, {}, 0, 0],
  });
  assert.deepEqual(done.journeys, { completed: 3 });
});
