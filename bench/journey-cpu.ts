// Where a journey's CPU goes, process by process: posts signed_up events with concurrent
// clients (each starting a Welcome journey: one email, exit), then starts as many bare
// workflows (one no-op activity) on the same Temporal server, and prints the CPU each process
// spent per journey in each run. On a 2-core machine the sum is the ceiling: 2,000 ms of CPU a
// second over the CPU per journey is the most journeys a second the machine can run.
// Usage: npm run bench:cpu -- [journeys=400] [concurrency=16] [profile-dir]
// With a profile folder, the worker writes a V8 CPU profile there when it stops (open it in
// Chrome's DevTools); run the bench as `node --cpu-prof --import tsx bench/journey-cpu.ts` to
// profile the api and the clients too.
import pMap from 'p-map';
import { eventually } from '../scripts/testing/harness.ts';
import { startBare } from './bare/run.ts';
import { byCmdline, byPid, cpuByGroup, ownCpuMs } from './process-cpu.ts';
import { startWelcomeBench } from './welcome-stack.ts';

const N = Number(process.argv[2] ?? 400);
const CONCURRENCY = Number(process.argv[3] ?? 16);

const PROFILE_DIR = process.argv[4];

const bench = await startWelcomeBench('bench-cpu', {
  nodeFlags: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
});
const { h, campaignId } = bench;
const bare = await startBare(h);
await bare.run({ count: 20, concurrency: 4 }); // its warm-up

const temporalPort = h.temporalAddress.split(':').pop()!;
const groups = {
  worker: byPid(bench.workerPid),
  'bare worker': byPid(bare.pid),
  temporal: byCmdline(`--port ${temporalPort}`),
  postgres: byCmdline('bench-cpu/postgres'),
};
const reading = () => ({ ...cpuByGroup(groups), 'api and clients': ownCpuMs() });
type Reading = ReturnType<typeof reading>;

async function measured(run: () => Promise<void>) {
  const before = reading();
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const after = reading();
  const perJourney = Object.fromEntries(
    Object.keys(after).map((k) => [
      k,
      (after[k as keyof Reading] - before[k as keyof Reading]) / N,
    ]),
  );
  return { perJourney, perSecond: N / seconds };
}

const herald = await measured(async () => {
  const ids = Array.from({ length: N }, (_, i) => `cpu-${i}`);
  await pMap(ids, (id) => bench.signUp(id), { concurrency: CONCURRENCY });
  await eventually(async () => {
    const { count } = (await h
      .db('campaign_entries')
      .where('campaign_id', campaignId)
      .whereNotNull('finished_at')
      .count({ count: '*' })
      .first()) as { count: string };
    return Number(count) >= N + 1 ? true : undefined; // and the warm-up's
  }, 600_000);
});
const baseline = await measured(async () => {
  await bare.run({ count: N, concurrency: CONCURRENCY });
});

const line = (name: string, r: { perJourney: Record<string, number> }) =>
  `${name.padEnd(16)}${Object.values(r.perJourney)
    .map((v) => v.toFixed(1).padStart(9))
    .join('')}${Object.values(r.perJourney)
    .reduce((a, b) => a + b, 0)
    .toFixed(1)
    .padStart(9)}`;
console.log(`
CPU per journey (ms), ${N} journeys, ${CONCURRENCY} clients
${''.padEnd(16)}${Object.keys(herald.perJourney)
  .map((k) => k.split(' ')[0]!.padStart(9))
  .join('')}    total
${line('Herald', herald)}   (${herald.perSecond.toFixed(1)} journeys/s)
${line('bare', baseline)}   (${baseline.perSecond.toFixed(1)} journeys/s)
`);
await bare.stop();
await bench.close();
