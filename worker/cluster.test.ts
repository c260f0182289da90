// Herald on a real Temporal cluster (npm run test:cluster): journeys posted through the api run
// end to end on two worker processes, as production runs them, and each customer is mailed once.
// Under plain `npm test` (the dev server) there is no cluster, and this file is skipped.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../core/config.ts';
import { publishWelcome } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';

const onCluster = loadConfig().HERALD_TEMPORAL === 'cluster';
const JOURNEYS = 24;

describe(
  'on a Temporal cluster',
  { skip: !onCluster && 'cluster mode only (npm run test:cluster)' },
  () => {
    let h: Harness;
    const workers: ChildProcess[] = [];

    before(async () => {
      h = await createHarness();
      workers.push(await spawnWorker(h), await spawnWorker(h));
    });
    after(async () => {
      for (const w of workers) w.kill('SIGKILL');
      await h?.close();
    });

    test('journeys run end to end on two workers and mail each customer once', async () => {
      const system = await h.temporal.connection.workflowService.getSystemInfo({});
      assert.ok(system.serverVersion, 'a Temporal server answers');
      await publishWelcome(h);
      const emails = Array.from({ length: JOURNEYS }, (_, i) => `cluster-${i}@example.com`);
      const workflowIds: string[] = [];
      for (const [i, email] of emails.entries()) {
        const res = await h.api('/v1/events', {
          body: {
            type: 'signed_up',
            externalId: `cluster-${i}`,
            customer: { email, firstName: 'Clu' },
          },
        });
        assert.equal(res.status, 202, JSON.stringify(res.body));
        workflowIds.push(res.body.journeysStarted[0].workflowId as string);
      }
      await h.smtp.waitFor((m) => m.subject === 'Welcome to Herald Shop, Clu!', {
        count: JOURNEYS,
        timeoutMs: 120_000,
      });
      for (const email of emails) assert.equal(h.smtp.to(email).length, 1, email);

      // Every journey closed, and the work was shared: each worker process ran some of it.
      const ranOn = new Set<string>();
      for (const id of workflowIds) {
        const handle = h.temporal.workflow.getHandle(id);
        await handle.result();
        const history = await handle.fetchHistory();
        for (const e of history.events ?? []) {
          const identity = e.workflowTaskCompletedEventAttributes?.identity;
          if (identity) ranOn.add(identity.split('@')[0]!);
        }
      }
      assert.deepEqual(
        [...ranOn].sort(),
        workers.map((w) => String(w.pid)).sort(),
        'both worker processes ran journeys',
      );
      const sent = await h
        .db('messages')
        .where({ status: 'sent' })
        .count<{ n: string }[]>('* as n');
      assert.equal(Number(sent[0]!.n), JOURNEYS);
    });
  },
);
