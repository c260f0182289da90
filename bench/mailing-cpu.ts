// CPU time by process for bench/mailing.ts, read from /proc (Linux): on a machine shared with
// other work, the CPU each part spends per email says more than messages per second, which
// depend on how much of the cores the others leave. Postgres counts its postmaster, every backend
// alive and the backends that have exited (their time is the postmaster's children's).
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime (+ the children's it waited for), in ms. */
function cpuOf(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * TICK_MS;
  } catch {
    return 0; // exited
  }
}

const processes = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return { pid: Number(d), ppid, cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8') };
      } catch {
        return undefined;
      }
    })
    .filter((p) => p !== undefined);

/** The processes of a run: found once, by the data folder the stack runs in. */
export function cpuMeter(dataDir: string, pids: Record<string, number>) {
  const all = processes();
  const postmaster = all.find((p) => p.cmd.includes(`${dataDir}/postgres`) && p.cmd.includes('-D'));
  const temporal = all.find((p) => p.cmd.includes(`${dataDir}/temporal.db`));
  return (): Record<string, number> => {
    const now: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids)) now[name] = cpuOf(pid);
    if (postmaster)
      now.postgres =
        cpuOf(postmaster.pid, true) +
        processes()
          .filter((p) => p.ppid === postmaster.pid)
          .reduce((sum, p) => sum + cpuOf(p.pid), 0);
    if (temporal) now.temporal = cpuOf(temporal.pid, true);
    return now;
  };
}

/** CPU ms per email of each part between two readings. */
export const perEmail = (from: Record<string, number>, to: Record<string, number>, n: number) =>
  Object.fromEntries(
    Object.keys(to).map((k) => [k, Number(((to[k]! - (from[k] ?? 0)) / n).toFixed(2))]),
  );
