// The binaries of a real Temporal cluster, built from their Go modules on first use and cached:
// the server (every service in one process), its schema tool, and the Web UI server. The build
// takes about 8 minutes on 2 cores; every later start reuses the cache, a folder per version.
// helm, which checks the chart in deploy/helm, is built into the same cache the same way.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
// The newest ui-server whose dependencies the Go module proxy serves here (v2.58 needs an
// unpublished go.temporal.io/api).
export const TEMPORAL_UI_VERSION = 'v2.56.4';
/** Temporal 1.32 needs Go 1.26.10 or later; Go fetches this toolchain itself when older. */
const GOTOOLCHAIN = 'go1.27.3';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  uiServer: string;
}

const builds = [
  {
    key: 'server',
    dir: `temporal-${TEMPORAL_SERVER_VERSION}`,
    file: 'temporal-server',
    pkg: `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
  },
  {
    key: 'sqlTool',
    dir: `temporal-${TEMPORAL_SERVER_VERSION}`,
    file: 'temporal-sql-tool',
    pkg: `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
  },
  {
    key: 'uiServer',
    dir: `temporal-ui-${TEMPORAL_UI_VERSION}`,
    file: 'temporal-ui-server',
    pkg: `github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_VERSION}`,
  },
] as const;

/**
 * The cluster's binaries under `cacheDir`, built with `go install` when missing.
 */
export async function ensureClusterBinaries(
  cacheDir: string,
  log: (line: string) => void = () => undefined,
): Promise<ClusterBinaries> {
  const found: Partial<Record<keyof ClusterBinaries, string>> = {};
  for (const b of builds) {
    const target = path.join(cacheDir, b.dir, b.file);
    found[b.key] = target;
    await goInstall(b.pkg, target, log);
  }
  return found as ClusterBinaries;
}

export const HELM_VERSION = 'v3.22.0';

/** The helm binary that checks the chart (deploy/helm), built into the same cache when missing. */
export async function ensureHelm(
  cacheDir: string,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const target = path.join(cacheDir, `helm-${HELM_VERSION}`, 'helm');
  await goInstall(`helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`, target, log);
  return target;
}

/**
 * Builds `pkg` (module@version) into `target` unless it is there. `go install` names a binary
 * after its package's folder ("server", "sql"), so each is built into a folder of its own and
 * renamed.
 */
async function goInstall(pkg: string, target: string, log: (line: string) => void) {
  if (existsSync(target)) return;
  const file = path.basename(target);
  log(`building ${file} from ${pkg} (once; a few minutes)...`);
  const gobin = path.join(path.dirname(path.dirname(target)), 'build', file);
  await rm(gobin, { recursive: true, force: true });
  await mkdir(gobin, { recursive: true });
  try {
    execFileSync('go', ['install', pkg], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: gobin, GOTOOLCHAIN, CGO_ENABLED: '0' },
    });
  } catch (err) {
    throw new Error(
      `Could not build ${pkg}: ${(err as Error).message}. Cluster mode builds its tools from ` +
        `their Go modules: install Go (1.21 or later; it fetches ${GOTOOLCHAIN} itself), or put ` +
        `a prebuilt binary at ${target}.`,
      { cause: err },
    );
  }
  const built = path.join(gobin, path.basename(pkg.split('@')[0]!));
  await mkdir(path.dirname(target), { recursive: true });
  await rename(built, target);
  await rm(gobin, { recursive: true, force: true });
}
