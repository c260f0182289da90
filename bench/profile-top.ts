// Where a V8 CPU profile (.cpuprofile, from `node --cpu-prof`) spends its time, as text: self
// time by function and by package or folder, so a benchmark's profile can be read in a terminal
// and quoted in a note. Chrome's DevTools shows the same profile as a flame chart.
// Usage: node --import tsx bench/profile-top.ts <file.cpuprofile> [rows=30] [skip-seconds=0]
// skip-seconds leaves out the start (module loading, bundling) to read the steady state.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg, skipArg] = process.argv.slice(2);
if (!file) throw new Error('Usage: bench/profile-top.ts <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

// Self time per node: each sample's delta belongs to the node on top of the stack.
const selfUs = new Map<number, number>();
const skipUs = Number(skipArg ?? 0) * 1e6;
let elapsedUs = 0;
profile.samples.forEach((id, i) => {
  elapsedUs += profile.timeDeltas[i] ?? 0;
  if (elapsedUs >= skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

/** A package under node_modules, or the project folder the file sits in, or a V8 category. */
function place(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const own = /\/work\/[^/]+\/([^/]+)\//.exec(url);
  return own ? `herald:${own[1]}` : url.replace(/^file:\/\//, '');
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue; // waiting, not working
  const where = place(url);
  add(byFunction, `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`, us);
  add(byPlace, where, us);
  total += us;
}

const table = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    );
};
console.log(
  `${file}: ${((elapsedUs - skipUs) / 1e6).toFixed(1)} s sampled, ${(total / 1e6).toFixed(1)} s busy`,
);
table('self time by package or folder (% of busy)', byPlace);
table('self time by function (% of busy)', byFunction);
