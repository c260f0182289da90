// The web app as the browser tests see it: built once per test run (several test files share
// one build: the first builds, the others wait for it), served by `next start` against a
// harness's api, and driven by Debian's Chromium through playwright-core.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { upsertUser } from '../../db/auth.ts';
import { freePort } from '../../scripts/free-port.ts';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';
import { ensureWebBuild, nextBin as next } from '../../scripts/web-build.ts';

const root = path.resolve(import.meta.dirname, '../..');
export const shots = path.join(root, '.data', 'screenshots');

export const marketer = { email: 'marketer@herald.local', password: 'correct horse' };

/** Checks the build once for this run of the test runner (its process id names the check). */
async function buildOnce(): Promise<void> {
  const marker = path.join(root, 'web', '.next', `built-for-${process.ppid}`);
  const lock = path.join(root, '.data', `web-build-${process.ppid}`);
  mkdirSync(path.dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    await eventually(() => Promise.resolve(existsSync(marker) || undefined), 600_000);
    return;
  }
  // The current code, as `next start` serves it in production; the build `npm run dev` made
  // (or an earlier test run) is reused when web/ and core/ have not changed since.
  await ensureWebBuild();
  writeFileSync(marker, '');
}

export interface WebApp {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * A harness (with a worker, unless `worker: false`) and the web app for one test file: started
 * before its tests, closed after them; `ready` hands both to the file's own variables and does
 * what else the file needs before its tests.
 */
export function useWebApp(
  ready: (h: Harness, app: WebApp) => void | Promise<void>,
  opts: { worker?: boolean } = {},
) {
  let h: Harness | undefined;
  let app: WebApp | undefined;
  before(async () => {
    h = await createHarness();
    if (opts.worker !== false) await h.startWorker();
    app = await startWebApp(h);
    await ready(h, app);
  });
  after(async () => {
    await app?.close();
    await h?.close();
  });
}

export async function startWebApp(h: Harness): Promise<WebApp> {
  await upsertUser(h.db, { ...marketer, name: 'Mara Keter' });
  mkdirSync(shots, { recursive: true });
  await buildOnce();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const web: ChildProcess = spawn(
    process.execPath,
    [next, 'start', 'web', '--port', String(port), '--hostname', '127.0.0.1'],
    { cwd: root, env: { ...process.env, API_URL: h.apiUrl }, stdio: 'ignore' },
  );
  await eventually(async () => {
    const res = await fetch(`${url}/login`).catch(() => undefined);
    return res?.ok || undefined;
  }, 30_000);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
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

/** Signs the marketer (or another user) in on the login page and waits for the campaign list. */
export async function signIn(
  page: Page,
  url: string,
  who: { email: string; password: string } = marketer,
): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('[data-testid=login-email]', who.email);
  await page.fill('[data-testid=login-password]', who.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL('**/campaigns');
}
