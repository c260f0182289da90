// `npm test`: starts the real parts the tests need (an embedded Postgres, a Temporal dev
// server), then runs every *.test.ts with Node's test runner. Each test file clones the
// migrated template into a database of its own and uses a task queue of its own.
// `npm test -- api/events` runs only the files whose path contains "api/events".
// `npm run test:cluster` (HERALD_TEMPORAL=cluster) runs on a real Temporal cluster instead, with
// a worker process beside each test's own: the cluster suite below, or with `-- --all` every file.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../core/config.ts';
import { startLocalStack } from './testing/stack.ts';

const root = path.resolve(import.meta.dirname, '..');
const SKIP_DIRS = new Set(['node_modules', '.data', '.next', '.git']);

function findTests(dir: string, filter: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : findTests(full, filter);
    if (!entry.name.endsWith('.test.ts')) return [];
    const rel = path.relative(root, full);
    return filter.length === 0 || filter.some((f) => rel.includes(f)) ? [rel] : [];
  });
}

/** Installs a Debian package when its binary is missing; whether the binary is there after. */
function ensureDebianPackage(binary: string, pkg: string, why: string): boolean {
  if (existsSync(binary)) return true;
  console.log(`${binary} is missing; installing Debian's ${pkg} package ${why}...`);
  try {
    execFileSync(
      'sh',
      ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`],
      { stdio: 'inherit' },
    );
  } catch {
    return false;
  }
  return existsSync(binary);
}

/** The browser tests drive Debian's Chromium; on a fresh Debian machine, install it. */
function ensureChromium(): void {
  if (!ensureDebianPackage(CHROMIUM, 'chromium', 'for the browser tests'))
    throw new Error(
      `Install Chromium at ${CHROMIUM} (apt-get install chromium) to run the browser tests.`,
    );
}

/**
 * The cluster suite: the end-to-end tests that exercise the worker (journeys, mailings, channels
 * and the api that starts them), a few minutes on two cores, so that CI runs it when time allows.
 * The rest either never reaches Temporal or runs on the time-skipping server whatever the mode.
 */
const CLUSTER_SUITE = [
  'worker/cluster.test.ts',
  'workflows/journey.test.ts',
  'workflows/cascade-channels.test.ts',
  'workflows/split.test.ts',
  'api/events.test.ts',
  'api/triggers.test.ts',
  'api/reentry.test.ts',
  'api/journeys-api.test.ts',
  'api/mailings.test.ts',
  'api/webhooks.test.ts',
  'activities/channels/sms-http.test.ts',
  'activities/channels/smpp.test.ts',
];

const CHROMIUM = '/usr/bin/chromium';
const LOOPBACK = '127.0.0.0/8, ::1';
const onCluster = loadConfig().HERALD_TEMPORAL === 'cluster';
const args = process.argv.slice(2);
const all = args.includes('--all');
const filter = args.filter((a) => a !== '--all');
const files = findTests(root, filter)
  .filter((f) => !onCluster || all || filter.length > 0 || CLUSTER_SUITE.includes(f))
  .sort();
if (files.some((f) => f.includes('e2e'))) ensureChromium();
// The template check asks SpamAssassin; its tests say they were skipped when it cannot be installed.
if (files.some((f) => f.includes('template-check') || f.includes('e2e')))
  ensureDebianPackage('/usr/sbin/spamd', 'spamassassin', 'for the spam check');
const temporalKind = onCluster ? 'a Temporal cluster' : 'Temporal';
console.log(`Starting Postgres and ${temporalKind} for ${files.length} test files...`);
// A folder of this run's own, so two runs on one checkout (a developer's and an editor's) never
// share a database server.
const runDir = path.join(root, '.data', 'test', `run-${process.pid}`);
const stack = await startLocalStack(runDir);

const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', ...files],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        WORKFLOW_BUNDLE_PATH: stack.workflowBundlePath,
        // The tests' HTTP peers listen on loopback, which the egress policy refuses by default.
        EGRESS_ALLOW: LOOPBACK,
      },
    },
  );
  child.once('exit', (c) => resolve(c ?? 1));
  // Interrupted, the run still stops its servers: pass the signal on and clean up after the tests.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => child.kill(signal));
});
await stack.stop();
await rm(runDir, { recursive: true, force: true });
process.exit(code);
