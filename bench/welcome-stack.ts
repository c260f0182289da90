// The stack the event benchmarks share: embedded Postgres, a dev server on a SQLite file (WAL),
// the api in this process and Herald's worker in another, and the Welcome campaign published
// (signed_up: send one email, exit). One laptop-sized machine doing everything at once.
import path from 'node:path';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
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
  // The SMTP peer stands for a relay on another machine: it drains emails without parsing them.
  const h = await createHarness({ ...stack, logLevel: 'warn', parseMail: false });
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
  const finished = async () => {
    const row = await h
      .db('campaign_entries')
      .where('campaign_id', campaignId)
      .whereNotNull('finished_at')
      .count<{ count: number }[]>({ count: '*' });
    return row[0]!.count;
  };
  // Warm up connections, the template cache and the workflow cache.
  await signUp('warmup');
  await eventually(async () => ((await finished()) > 0 ? true : undefined));
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
