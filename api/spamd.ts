// SpamAssassin for the template check (issue 14), spoken to over spamd's own protocol (SPAMC/1.5,
// as the spamc client speaks it). With SPAMD_HOST set, Herald asks that spamd. Without, the api
// starts Debian's spamd itself on first use: local tests only (-L, no network lookups, so a
// score does not depend on blocklists), no per-user configuration, listening on a Unix socket in
// a private folder, and stopped when the api exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../core/config.ts';
import { parseSpamReport, type SpamReport } from '../core/spam-rules.ts';

export type SpamdConfig = Pick<Config, 'SPAMD_HOST' | 'SPAMD_PORT'>;

/** spamd is not installed or did not start: the check answers without a score, saying why. */
export class SpamdUnavailable extends Error {
  override name = 'SpamdUnavailable';
}

type Endpoint = { path: string } | { host: string; port: number };

const STARTUP_MS = 90_000;
const ANSWER_MS = 30_000;
const SPAMD_PATHS = ['spamd', '/usr/sbin/spamd', '/usr/local/sbin/spamd'];

/** One exchange: the request written, the whole answer read until spamd closes the socket. */
function exchange(endpoint: Endpoint, request: Buffer, timeoutMs = ANSWER_MS): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(endpoint);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('spamd did not answer in time')));
    socket.on('connect', () => socket.end(request));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

const ping = async (endpoint: Endpoint) =>
  (await exchange(endpoint, Buffer.from('PING SPAMC/1.5\r\n\r\n'), 2_000))
    .toString()
    .includes('PONG');

let local: Promise<Endpoint> | undefined;

/** Starts spamd once per process, trying the usual places of the binary. */
function startLocal(): Promise<Endpoint> {
  local ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-spamd-'));
    const socketPath = path.join(dir, 'spamd.sock');
    const args = ['-L', '-x', `--socketpath=${socketPath}`, '--socketmode=0600'];
    args.push('--max-children=2', '--min-children=1', '--syslog=stderr');
    // spamd refuses to handle mail as root; it drops to this user after binding.
    if (process.getuid?.() === 0) args.push('-u', 'nobody');
    let child: ChildProcess | undefined;
    let output = '';
    for (const binary of SPAMD_PATHS) {
      const started = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      const spawned = await new Promise<boolean>((resolve) => {
        started.once('spawn', () => resolve(true));
        started.once('error', () => resolve(false));
      });
      if (spawned) {
        child = started;
        break;
      }
    }
    if (!child)
      throw new SpamdUnavailable(
        "spamd is not installed: install Debian's spamassassin package (apt-get install spamassassin), or set SPAMD_HOST and SPAMD_PORT to a running spamd",
      );
    child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-2000)));
    // spamd lives as long as the api, and never keeps it from exiting.
    child.unref();
    (child.stderr as Socket | null)?.unref();
    const stop = () => child.kill();
    process.once('exit', stop);
    const endpoint = { path: socketPath };
    const deadline = Date.now() + STARTUP_MS;
    for (;;) {
      if (child.exitCode !== null)
        throw new SpamdUnavailable(`spamd stopped at start (exit ${child.exitCode}): ${output}`);
      if (await ping(endpoint).catch(() => false)) return endpoint;
      if (Date.now() > deadline) {
        stop();
        throw new SpamdUnavailable(`spamd did not answer within ${STARTUP_MS / 1000} s: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  // A failed start is tried again on the next check, once spamd may have been installed.
  local.catch(() => (local = undefined));
  return local;
}

/** Scores a whole message (headers and body, as it would be sent) with spamd's REPORT command. */
export async function spamReport(config: SpamdConfig, message: Buffer): Promise<SpamReport> {
  const endpoint: Endpoint = config.SPAMD_HOST
    ? { host: config.SPAMD_HOST, port: config.SPAMD_PORT }
    : await startLocal();
  const head = `REPORT SPAMC/1.5\r\nContent-length: ${message.length}\r\nUser: herald\r\n\r\n`;
  let answer: string;
  try {
    answer = (await exchange(endpoint, Buffer.concat([Buffer.from(head), message]))).toString();
  } catch (err) {
    throw new SpamdUnavailable(`spamd could not be reached: ${(err as Error).message}`);
  }
  const split = answer.indexOf('\r\n\r\n');
  const headers = split < 0 ? answer : answer.slice(0, split);
  const status = /^SPAMD\/[\d.]+ (\d+) (.*)$/m.exec(headers);
  if (!status || status[1] !== '0')
    throw new SpamdUnavailable(`spamd refused the check: ${headers.split('\r\n')[0] ?? answer}`);
  const spam = /^Spam: (.*)$/im.exec(headers)?.[1] ?? '';
  return parseSpamReport(spam, split < 0 ? '' : answer.slice(split + 4));
}
