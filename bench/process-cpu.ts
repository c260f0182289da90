// CPU time of the processes a benchmark runs, read from /proc (Linux): the benchmark's own
// process (api, clients, SMTP server), the workers, the Temporal dev server and every Postgres
// process. Differences between two readings say which process spends what per journey.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second, as /proc counts them (USER_HZ is 100 on every Linux Herald runs on). */
const TICKS_PER_SECOND = 100;

interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
  /** User plus system CPU, in milliseconds. */
  cpuMs: number;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { pid, ppid: Number(fields[1]), cmdline, cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined; // the process ended between the listing and the read
  }
}

function allProcs(): Proc[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readProc(Number(name)) ?? []);
}

/** A group of processes: the ones `match` picks and all their descendants. */
export type Groups = Record<string, (p: Proc) => boolean>;

/** Milliseconds of CPU each group has used so far. */
export function cpuByGroup(groups: Groups): Record<string, number> {
  const procs = allProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) {
    const siblings = children.get(p.ppid);
    if (siblings) siblings.push(p);
    else children.set(p.ppid, [p]);
  }
  const byId = new Map(procs.map((p) => [p.pid, p]));
  const total = (p: Proc): number =>
    p.cpuMs + (children.get(p.pid) ?? []).reduce((sum, c) => sum + total(c), 0);
  // A match whose ancestor matches too (a wrapper and the server it runs) is counted once.
  const ancestorMatches = (p: Proc, match: (p: Proc) => boolean): boolean => {
    const parent = byId.get(p.ppid);
    return !!parent && (match(parent) || ancestorMatches(parent, match));
  };
  return Object.fromEntries(
    Object.entries(groups).map(([name, match]) => [
      name,
      procs
        .filter((p) => match(p) && !ancestorMatches(p, match))
        .reduce((sum, p) => sum + total(p), 0),
    ]),
  );
}

export const byPid = (pid: number | undefined) => (p: Proc) => p.pid === pid;
export const byCmdline = (fragment: string) => (p: Proc) => p.cmdline.includes(fragment);

/** This process's own CPU, without its children's: the api and the clients, in a benchmark. */
export const ownCpuMs = () => readProc(process.pid)?.cpuMs ?? 0;
