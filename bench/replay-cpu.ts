// The workflow's own CPU per journey, without Temporal, Postgres or the api: replays a recorded
// Welcome journey (send an email, exit) many times on one replay worker and prints the process's
// CPU per replay after a warm-up. Replay runs the same activations a live journey does, so this
// isolates the workflow thread's cost from the rest, and holds steady on a loaded machine (CPU
// time, not wall time). Compares the bundle with and without the preloaded modules
// (worker/workflow-bundle.ts) in the same run.
// Usage: node --import tsx bench/replay-cpu.ts [replays=1000] [history=journey-welcome-sent.v8]
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { preloadModules, workflowsPath } from '../worker/workflow-bundle.ts';

const N = Number(process.argv[2] ?? 1000);
const name = process.argv[3] ?? 'journey-welcome-sent.v8';
const WARM_UP = 100;
const file = path.join(import.meta.dirname, '..', 'workflows', 'histories', `${name}.json`);
const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
Runtime.install({ logger: new DefaultLogger('WARN') });
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

async function cpuPerReplay(code: string): Promise<number> {
  const histories = (function* () {
    for (let i = 0; i < N + WARM_UP; i++) yield { workflowId: `replay-${i}`, history };
  })();
  let done = 0;
  let start: NodeJS.CpuUsage | undefined;
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { code }, replayName: 'replay-cpu' },
    histories,
  )) {
    if (result.error) throw result.error;
    if (++done === WARM_UP) start = process.cpuUsage();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / N;
}

const bundles = {
  'modules per workflow': (await bundleWorkflowCode({ workflowsPath, logger: quiet })).code,
  preloaded: (await bundleWorkflowCode({ workflowsPath, preloadModules, logger: quiet })).code,
};
console.log(`CPU per replayed ${name} (ms), ${N} replays after ${WARM_UP} to warm up`);
for (let round = 1; round <= 2; round++)
  for (const [label, code] of Object.entries(bundles))
    console.log(`  round ${round}  ${label.padEnd(22)}${(await cpuPerReplay(code)).toFixed(2)}`);
