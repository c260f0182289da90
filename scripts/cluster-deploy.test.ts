// docker-compose.yml and the Helm chart run what cluster mode runs (scripts/cluster-deploy.ts):
// the same images, deploy/temporal's files and commands, the same variables. The chart is linted
// and rendered by helm, built into the cluster cache by `node --import tsx
// scripts/cluster-deploy.ts` (the checks on the chart wait for it: helm is a Go build of minutes).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CHART, chartProblems, composeProblems, helm, helmInCache } from './cluster-deploy.ts';

const compose = readFileSync(path.join(import.meta.dirname, '..', 'docker-compose.yml'), 'utf8');

test('docker-compose.yml runs the Temporal files, commands and variables of cluster mode', () => {
  assert.deepEqual(composeProblems(), []);
});

test('a variable cluster mode or Herald does not read, or another UI command, is named', () => {
  const drifted = compose
    .replace('NUM_HISTORY_SHARDS:', 'HISTORY_SHARDS:')
    .replace('TEMPORAL_NAMESPACE: default', 'TEMPORAL_NAMESPAC: default')
    .replace("'--env',", "'--env', 'production',");
  assert.deepEqual(composeProblems(drifted), [
    'compose sets HISTORY_SHARDS for temporal-schema; cluster mode does not',
    'compose sets HISTORY_SHARDS for temporal; cluster mode does not',
    'compose sets TEMPORAL_NAMESPAC for the worker, which core/config.ts never reads',
    'compose sets TEMPORAL_NAMESPAC for the api, which core/config.ts never reads',
    "compose's Temporal UI does not run [temporal-ui-server,--root,/etc/herald,--config,temporal-ui,--env,docker,start]",
  ]);
});

test('the Helm chart lints, renders, and runs what compose and cluster mode run', (t) => {
  const bin = helmInCache();
  if (!existsSync(bin))
    return t.skip(`no helm at ${bin}: node --import tsx scripts/cluster-deploy.ts builds it`);
  const lint = helm(bin, ['lint', '--strict', CHART]);
  assert.ok(lint.ok, lint.output);
  const rendered = helm(bin, ['template', 'herald', CHART]);
  assert.ok(rendered.ok, rendered.output);
  assert.deepEqual(chartProblems(rendered.output), []);
  // What the comparison catches: another image, a variable compose sets and the chart lacks.
  const drifted = rendered.output
    .replace(/herald-temporal:1\.32\.2/g, 'herald-temporal:1.32.3')
    .replace(/- name: METRICS_HOST\n\s+value: "?0\.0\.0\.0"?\n/g, '');
  assert.deepEqual(chartProblems(drifted), [
    'the chart runs herald-temporal:1.32.3, which compose does not build',
    'compose builds herald-temporal:1.32.2, which the chart never runs',
    'compose sets METRICS_HOST for worker; the chart does not',
    'compose sets METRICS_HOST for api; the chart does not',
  ]);
});
