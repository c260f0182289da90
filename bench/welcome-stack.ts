// The stack the event benchmarks share: embedded Postgres, a dev server on a SQLite file (WAL),
// the api in this process and Herald's worker in another, and the Welcome campaign published
// (signed_up: send one email, exit). One laptop-sized machine doing everything at once.
import path from 'node:path';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';

export interface WelcomeBench {
  h: Harness;
  campaignId: string;
  /** Posts a signed_up event for a new customer; answers the api's reply. */
  signUp: (externalId: string) => ReturnType<Harness['api']>;
  /** The worker's process id, for its CPU and memory. */
  workerPid: number | undefined;
  close: () => Promise<void>;
}

/** `nodeFlags`: for the worker's node, such as `--cpu-prof` to profile it. */
export async function startWelcomeBench(
  dataDir: string,
  opts: { nodeFlags?: string[] } = {},
): Promise<WelcomeBench> {
  const stack = await startLocalStack(path.resolve(import.meta.dirname, '..', '.data', dataDir), {
    temporalDbFile: true,
  });
  const h = await createHarness({ ...stack, logLevel: 'warn' });
  // The worker in its own process, as in production: the api and the worker do not share a core.
  const worker = await spawnWorker(h, { nodeFlags: opts.nodeFlags });
  const campaignId = await publishCampaign(
    h,
    'Welcome',
    welcomeGraph(await createTemplate(h, welcomeTemplate)),
  );
  const signUp = (externalId: string) =>
    h.api('/v1/events', {
      body: {
        type: 'signed_up',
        externalId,
        customer: { email: `${externalId}@bench.local`, firstName: 'Bench' },
      },
    });
  // Warm up connections, the template cache and the workflow cache.
  await signUp('warmup');
  await h.smtp.waitFor((m) => JSON.stringify(m.to ?? '').includes('warmup@'));
  return {
    h,
    campaignId,
    signUp,
    workerPid: worker.pid,
    async close() {
      worker.kill('SIGINT');
      await new Promise((r) => worker.once('exit', r));
      await h.close();
      await stack.stop();
    },
  };
}
