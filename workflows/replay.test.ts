// Saved histories of real journeys must replay against the current workflow code. A change
// that fails here would break journeys already running in production (non-determinism):
// version it with patched() instead. Histories are recorded by scripts/record-histories.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../core/config.ts';
import { bundlerOptions, workflowsPath } from '../worker/workflow-bundle.ts';

const dir = path.join(import.meta.dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
// The bundle `npm test` built from the current code, else a fresh one.
const bundlePath = loadConfig().WORKFLOW_BUNDLE_PATH;
const source = bundlePath
  ? { workflowBundle: { codePath: bundlePath } }
  : { workflowsPath, bundlerOptions };

test('there are saved histories to replay', () => {
  assert.ok(files.length >= 20, `only ${files.length} histories in ${dir}`);
});

test('every saved journey history replays against the current code', async () => {
  const histories = files.map((f) => ({
    workflowId: f,
    history: historyFromJSON(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { ...source, replayName: 'herald-replay' },
    histories,
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  assert.deepEqual(failures, []);
});
