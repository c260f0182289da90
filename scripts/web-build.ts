// The web app's production build, made only when its sources changed. `npm run dev` and the
// browser tests serve it with `next start`: a page opens in well under a second instead of the
// tens of seconds `next dev` takes to compile it on first open.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const buildDir = path.join(root, 'web', '.next');
/** Written after a build that finished: the hash of the sources it was built from. */
const stamp = path.join(buildDir, 'herald-sources.sha256');

// web/ imports core/ (contracts, graph rules); the lock file pins Next and React.
const SOURCES = ['web', 'core', 'package-lock.json'];
const SKIP = new Set(['.next', 'node_modules', 'e2e']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : files(full);
      // Tests are not part of the app.
      return entry.name.endsWith('.test.ts') ? [] : [full];
    });
}

/** A hash over the names and contents of every file the build reads. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    const full = path.join(root, source);
    for (const file of source.includes('.') ? [full] : files(full)) {
      hash.update(path.relative(root, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** Whether web/.next holds a finished build of the current sources. */
export function webBuildIsCurrent(hash = webSourceHash()): boolean {
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
}

/**
 * Builds web/ with `next build` unless the last build was of these same sources. Returns
 * whether it built. The stamp is written last, so an interrupted build is made again.
 */
export async function ensureWebBuild(say: (line: string) => void = () => {}): Promise<boolean> {
  const hash = webSourceHash();
  if (webBuildIsCurrent(hash)) return false;
  say('building the web app (next build; only when web/ or core/ changed)...');
  try {
    // Asynchronous: the processes already started keep their output flowing meanwhile.
    await promisify(execFile)(process.execPath, [nextBin, 'build', 'web'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    throw new Error(`next build failed:\n${output.split('\n').slice(-40).join('\n')}`, {
      cause: err,
    });
  }
  writeFileSync(stamp, hash);
  return true;
}
