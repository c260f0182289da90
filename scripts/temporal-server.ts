// Starts the Temporal CLI's dev server (with its Web UI unless headless) when no cluster is
// configured. History lives in a SQLite file when one is given, else in memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { findBinary, TEMPORAL_CLI } from './temporal-binaries.ts';

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

export async function startTemporalServer(
  opts: TemporalServerOptions,
): Promise<TemporalServerHandle> {
  const cli = findBinary(TEMPORAL_CLI, opts.cliPath);
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

/**
 * Resolves once the frontend answers `probe`: by default once the "default" namespace answers,
 * which the dev server takes a few seconds to create (a cluster's probe is a health check).
 */
export async function waitForTemporal(
  address: string,
  timeoutMs: number,
  probe: (c: Connection) => Promise<unknown> = (c) =>
    c.workflowService.describeNamespace({ namespace: 'default' }),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await probe(connection);
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
