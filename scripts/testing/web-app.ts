// The web app as production serves it (`next build`, then `next start` against the harness's
// api) and a headless Debian Chromium, for browser tests. Screenshots go to .data/screenshots/.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../free-port.ts';
import { eventually } from './harness.ts';

const root = path.resolve(import.meta.dirname, '../..');
const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
export const screenshots = path.join(root, '.data', 'screenshots');

export interface WebApp {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWebApp(apiUrl: string): Promise<WebApp> {
  mkdirSync(screenshots, { recursive: true });
  // Built here so the test always runs the current code.
  execFileSync(process.execPath, [next, 'build', 'web'], { cwd: root, stdio: 'ignore' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const web: ChildProcess = spawn(
    process.execPath,
    [next, 'start', 'web', '--port', String(port), '--hostname', '127.0.0.1'],
    { cwd: root, env: { ...process.env, API_URL: apiUrl }, stdio: 'ignore' },
  );
  await eventually(async () => {
    const res = await fetch(`${url}/login`).catch(() => undefined);
    return res?.ok || undefined;
  }, 30_000);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      web.kill('SIGTERM');
    },
  };
}
