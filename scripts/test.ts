// `npm test`: starts the real parts the tests need (an embedded Postgres, a Temporal dev
// server), migrates a template database, bundles the workflows once, then runs every
// *.test.ts with Node's test runner. Each test file clones the template into its own database.
import { bundleWorkflowCode } from '@temporalio/worker';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDb } from '../db/connection.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateLatest } from '../db/migrate.ts';
import { workflowsPath } from '../worker/create-worker.ts';
import { registerSearchAttributes } from '../worker/search-attributes.ts';
import { freePort } from './free-port.ts';
import { startTemporalServer } from './temporal-server.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.data', 'test');
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

const files = findTests(root, process.argv.slice(2)).sort();
console.log(`Starting Postgres and Temporal for ${files.length} test files...`);
await rm(path.join(dataDir, 'postgres'), { recursive: true, force: true });
await mkdir(dataDir, { recursive: true });
const [pgPort, temporalPort] = [await freePort(), await freePort()];
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: pgPort, database: 'herald_template' });
const temporal = await startTemporalServer({ port: temporalPort, headless: true });
await registerSearchAttributes(temporal.address, 'default');
const template = createDb(pg.url);
await migrateLatest(template);
await template.destroy();
const bundle = await bundleWorkflowCode({ workflowsPath, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } });
const bundlePath = path.join(dataDir, 'workflow-bundle.js');
await writeFile(bundlePath, bundle.code);

const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      WORKFLOW_BUNDLE_PATH: bundlePath,
    },
  });
  child.once('exit', (c) => resolve(c ?? 1));
});
await temporal.stop();
await pg.stop();
process.exit(code);
