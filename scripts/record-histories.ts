// Records the histories that the replay test (workflows/replay.test.ts) replays against the
// current workflow code. Run it when a workflow gains a new path worth protecting, and commit
// the files; never re-record to make a failing replay pass: that failure is a running journey
// that the change would break.
// Usage: EGRESS_ALLOW=127.0.0.1 node --import tsx scripts/record-histories.ts <label>, e.g. "v3"
// (its HTTP-call peer listens on loopback, which Herald refuses to call by default); files are named
// journey-<scenario>.<label>.json, so histories of earlier code stay beside the new ones.
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  abandonedCartGraph,
  cartReminderTemplate,
  welcomeGraph,
  welcomeTemplate,
} from './demo-campaigns.ts';
import { recordSegmentChanges } from '../db/segment-changes.ts';
import { engineTourGraph } from './engine-tour.ts';
import { createTemplate, publishCampaign } from './testing/fixtures.ts';
import { createHarness } from './testing/harness.ts';
import { startLocalStack } from './testing/stack.ts';

const label = process.argv[2];
if (!label || !/^[a-z0-9-]+$/.test(label)) throw new Error('Name this recording, e.g. `v3`.');
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'workflows', 'histories');
const stack = await startLocalStack(path.join(root, '.data', 'record'));
const h = await createHarness({ ...stack, logLevel: 'warn' });
await h.startWorker();

await publishCampaign(h, 'Welcome', welcomeGraph(await createTemplate(h, welcomeTemplate)));
const cartTemplate = await createTemplate(h, cartReminderTemplate);
await publishCampaign(
  h,
  'Abandoned cart',
  abandonedCartGraph(cartTemplate, { amount: 2, unit: 'seconds' }),
);

const post = async (body: object) =>
  (await h.api('/v1/events', { body })).body as { journeysStarted: { workflowId: string }[] };
const journeys: Record<string, string> = {
  'welcome-sent': (
    await post({
      type: 'signed_up',
      externalId: 'r-1',
      customer: { email: 'r1@example.com', firstName: 'Rae' },
    })
  ).journeysStarted[0]!.workflowId,
  'welcome-no-email': (await post({ type: 'signed_up', externalId: 'r-2' })).journeysStarted[0]!
    .workflowId,
  'cart-reminded': (
    await post({ type: 'cart_updated', externalId: 'r-3', customer: { email: 'r3@example.com' } })
  ).journeysStarted[0]!.workflowId,
  'cart-purchased': (
    await post({ type: 'cart_updated', externalId: 'r-4', customer: { email: 'r4@example.com' } })
  ).journeysStarted[0]!.workflowId,
};
await post({ type: 'purchase', externalId: 'r-4' });

// A tour of the engine's other nodes, an abandonment trigger, and the scheduled-trigger and
// segment-change workflows.
const hook = createServer((_req, res) => res.end());
await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
await publishCampaign(
  h,
  'Engine tour',
  engineTourGraph(cartTemplate, `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`),
);
await publishCampaign(h, 'Abandoned cart trigger', {
  nodes: [
    {
      id: 'in',
      kind: 'trigger',
      eventType: 'cart_left',
      unlessWithin: { eventType: 'purchase', within: { amount: 1, unit: 'seconds' } },
    },
    { id: 'mail', kind: 'sendEmail', templateId: cartTemplate },
    { id: 'out', kind: 'exit' },
  ],
  edges: [
    { from: 'in', to: 'mail' },
    { from: 'mail', to: 'out' },
  ],
});
journeys['engine-tour'] = (
  await post({ type: 'tour', externalId: 'r-5', customer: { email: 'r5@example.com' } })
).journeysStarted[0]!.workflowId;
journeys['cart-abandoned-trigger'] = (
  await post({ type: 'cart_left', externalId: 'r-6', customer: { email: 'r6@example.com' } })
).journeysStarted[0]!.workflowId;
const scheduled = await publishCampaign(h, 'Scheduled', {
  nodes: [
    { id: 'in', kind: 'scheduleTrigger', at: '2099-01-01T00:00:00Z' },
    { id: 'out', kind: 'exit' },
  ],
  edges: [{ from: 'in', to: 'out' }],
});
const run = async (workflowType: string, args: unknown[]) => {
  const workflowId = `record-${workflowType}`;
  await h.temporal.workflow.execute(workflowType, { taskQueue: h.taskQueue, workflowId, args });
  return workflowId;
};
const [someone] = await h.db('customers').where({ external_id: 'r-1' }).pluck<string[]>('id');
await recordSegmentChanges(h.db, 'vip', [{ customerId: someone!, change: 'entered' }]);
const others: Record<string, string> = {
  'scheduled-entry': await run('scheduledEntryWorkflow', [{ campaignId: scheduled, nodeId: 'in' }]),
  'segment-changes': await run('segmentChangesWorkflow', []),
};

for (const [name, workflowId] of Object.entries(journeys)) {
  const handle = h.temporal.workflow.getHandle(workflowId);
  await handle.result();
  const file = `journey-${name}.${label}.json`;
  await writeFile(path.join(out, file), historyToJSON(await handle.fetchHistory()));
  console.log(`recorded ${file}`);
}
for (const [name, workflowId] of Object.entries(others)) {
  const file = `${name}.${label}.json`;
  const history = await h.temporal.workflow.getHandle(workflowId).fetchHistory();
  await writeFile(path.join(out, file), historyToJSON(history));
  console.log(`recorded ${file}`);
}
hook.close();
await h.close();
await stack.stop();
process.exit(0);
