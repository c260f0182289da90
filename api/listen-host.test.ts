// The api listens on loopback unless configured otherwise (issue 10: "api and web listen on every
// interface"): the api process, started as `npm run api` starts it, is reached at 127.0.0.1 and
// refused at the machine's network address; with API_HOST=0.0.0.0 (containers) it is reached
// at both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseConfig } from '../core/config.ts';
import { freePort } from '../scripts/free-port.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness({ logLevel: 'silent' });
});
after(() => h.close());

/** An address of this machine that other machines reach it at, if it has one. */
const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Runs api/main.ts with the environment given, until it says it listens; then `check`. */
async function withApi(env: Record<string, string>, check: (port: number) => Promise<void>) {
  const port = await freePort();
  const inherited = { ...process.env };
  delete inherited.API_HOST;
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...inherited,
      DATABASE_URL: h.databaseUrl,
      TEMPORAL_ADDRESS: h.temporalAddress,
      API_PORT: String(port),
      API_METRICS_PORT: '0', // other runs on this machine may hold the fixed metrics port
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    for await (const chunk of child.stdout) {
      out += String(chunk);
      if (out.includes('api listening')) break;
    }
    assert.match(out, /api listening/);
    await check(port);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

test('the api and the web app listen on loopback by default', () => {
  const config = parseConfig({ HERALD_SECRET: 'a-secret-of-this-test-only' });
  assert.equal(config.API_HOST, '127.0.0.1');
  assert.equal(config.WEB_HOST, '127.0.0.1');
});

test('the api process is not reachable from the network unless API_HOST says so', async (t) => {
  if (!networkAddress) return t.skip('this machine has no network address to try');
  await withApi({}, async (port) => {
    assert.equal(await reachable('127.0.0.1', port), true);
    assert.equal(await reachable(networkAddress, port), false, `${networkAddress}:${port}`);
  });
  await withApi({ API_HOST: '0.0.0.0' }, async (port) => {
    assert.equal(await reachable(networkAddress, port), true);
  });
});
