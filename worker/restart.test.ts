// A worker killed (SIGKILL) while a journey sits in a delay: a new worker picks the journey up
// and the customer still gets exactly one email.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { abandonedCartGraph, cartReminderTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { spawnWorker as spawnWorkerProcess } from '../scripts/testing/worker-process.ts';

let h: Harness;
const children: ChildProcess[] = [];

before(async () => {
  h = await createHarness();
});

async function spawnWorker(): Promise<ChildProcess> {
  const child = await spawnWorkerProcess(h);
  children.push(child);
  return child;
}

after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await h.close();
});

test('a worker killed during a delay: the journey resumes on a new worker and sends once', async () => {
  const templateId = await createTemplate(h, cartReminderTemplate);
  await publishCampaign(
    h,
    'Abandoned cart',
    abandonedCartGraph(templateId, { amount: 4, unit: 'seconds' }),
  );

  const first = await spawnWorker();
  const res = await h.api('/v1/events', {
    body: {
      type: 'cart_updated',
      externalId: 'k-1',
      customer: { email: 'kill@example.com', firstName: 'Kim' },
    },
  });
  assert.equal(res.status, 202);
  await eventually(async () => {
    const e = await h.db('campaign_entries').where({ customer_id: res.body.customerId }).first();
    return e?.current_node === 'wait' ? e : undefined;
  });
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  // The delay runs out while no worker is alive.
  await new Promise((r) => setTimeout(r, 5_000));
  assert.equal(h.smtp.to('kill@example.com').length, 0);

  await spawnWorker();
  await h.smtp.waitFor((m) => m.subject === 'Kim, you left something in your cart', {
    timeoutMs: 30_000,
  });
  const state = await h.temporal.workflow
    .getHandle(res.body.journeysStarted[0].workflowId)
    .result();
  assert.deepEqual(state.path, ['wait', 'purchased', 'reminder', 'reminded']);
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(h.smtp.to('kill@example.com').length, 1);
  const messages = await h.db('messages').where({ customer_id: res.body.customerId });
  assert.equal(messages.length, 1);
  assert.equal(messages[0].status, 'sent');
});
