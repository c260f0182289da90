// The production topologies against cluster mode: docker-compose.yml and the Helm chart
// (deploy/helm/herald) must run the same images, the same Temporal files, commands and variables
// as `npm run dev -- --cluster` (scripts/temporal-cluster.ts), and only variables Herald's
// configuration (core/config.ts) and deploy/temporal's files read. deployProblems() names every
// difference, reading compose as written and the chart as helm renders it. Run as a script, it
// builds helm when missing (into TEMPORAL_CLUSTER_CACHE), lints and renders the chart, and checks:
//   node --import tsx scripts/cluster-deploy.ts
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigSchema, loadConfig } from '../core/config.ts';
import { ensureHelm, HELM_VERSION } from './temporal-cluster-binaries.ts';
import { clusterEnv, DEFAULT_CLUSTER_PORTS, TEMPORAL_UI_ARGS } from './temporal-cluster.ts';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
export const CHART = path.join(root, 'deploy', 'helm', 'herald');
/** The two values the chart requires; the rest are its defaults. */
const REQUIRED = ['heraldSecret=0123456789abcdef0123456789abcdef', 'postgres.password=secret'];

/** helm's answer to `args` on the chart with its required values: exit status and output. */
export function helm(bin: string, args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(bin, [...args, ...REQUIRED.flatMap((v) => ['--set', v])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, output };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? e.message}` };
  }
}

/** The cluster cache (TEMPORAL_CLUSTER_CACHE), where helm is built beside Temporal's binaries. */
function clusterCache(): string {
  const config = loadConfig();
  return path.resolve(
    root,
    config.TEMPORAL_CLUSTER_CACHE ?? path.join(config.DATA_DIR, 'temporal-cluster'),
  );
}

/** Where the cache keeps helm (it may not be built yet). */
export const helmInCache = () => path.join(clusterCache(), `helm-${HELM_VERSION}`, 'helm');

/** The helm binary of the cluster cache, built on first use. */
export const cachedHelm = (log?: (line: string) => void) => ensureHelm(clusterCache(), log);

/** A service's or a Deployment's settings, as the checks compare them. */
interface Unit {
  images: string[];
  /** Variables by name; a value is compared only where both sides are literal. */
  env: Map<string, string>;
  /** Its commands with quotes and spaces removed, e.g. "[sh,/etc/herald/temporal/x.sh]". */
  commands: string[];
}

const squash = (s: string) => s.replace(/[\s'"]/g, '').replace(/,\]/g, ']');
const bracketed = (text: string) =>
  [...text.matchAll(/command:\s*(\[[^\]]*\])/g)].map((m) => squash(m[1]!));
const unquote = (v: string) => v.trim().replace(/^(['"])(.*)\1$/, '$2');

/** A mapping's variables at `indent`, with the anchored mappings it merges (`<<: *name`). */
function variables(body: string, indent: number, anchors: Map<string, Map<string, string>>) {
  const env = new Map<string, string>();
  const pad = ' '.repeat(indent);
  for (const line of body.split('\n')) {
    if (!line.startsWith(pad) || line[indent] === ' ') continue;
    const merge = /^<<: \*([\w-]+)/.exec(line.slice(indent));
    if (merge) for (const [k, v] of anchors.get(merge[1]!) ?? []) env.set(k, v);
    const kv = /^([A-Z][A-Z0-9_]*): (.*?)(?: +#.*)?$/.exec(line.slice(indent));
    if (kv) env.set(kv[1]!, unquote(kv[2]!));
  }
  return env;
}

/** Compose's services by name; `<<: *anchor` merges the variables of the anchored mapping. */
export function composeUnits(text: string): Map<string, Unit> {
  const services = text.slice(text.indexOf('\nservices:'), text.indexOf('\nvolumes:'));
  const blocks = services.split(/\n {2}(?=[a-z][a-z-]*:\n)/).slice(1);
  const anchors = new Map<string, Map<string, string>>();
  // Top-level extension fields (x-name: &anchor) hold variables services merge.
  for (const [, anchor, body] of text.matchAll(/^x-[\w-]+: &([\w-]+)\n((?: {2}.*\n?|\n)*)/gm))
    anchors.set(anchor!, variables(body!, 2, anchors));
  const units = new Map<string, Unit>();
  for (const block of blocks) {
    const name = block.slice(0, block.indexOf(':'));
    let env = new Map<string, string>();
    const envBlock = /\n {4}environment:(?: &([\w-]+)| \*([\w-]+))?\n((?: {6}.*\n?)*)/.exec(block);
    if (envBlock) {
      const [, anchor, alias, body] = envBlock;
      env = alias ? new Map(anchors.get(alias)) : variables(body!, 6, anchors);
      if (anchor) anchors.set(anchor, new Map(env));
    }
    const built = /\n {4}build:/.test(block);
    const images = built ? [...block.matchAll(/\n {4}image: (\S+)/g)].map((m) => m[1]!) : [];
    units.set(name, { images, env, commands: bracketed(block) });
  }
  return units;
}

/** The rendered chart's Deployments by component (worker, api, web, temporal, temporal-ui). */
export function chartUnits(rendered: string): Map<string, Unit> {
  const units = new Map<string, Unit>();
  for (const doc of rendered.split(/^---$/m)) {
    if (!/^kind: Deployment$/m.test(doc)) continue;
    const component = /app\.kubernetes\.io\/component: (\S+)/.exec(doc)![1]!;
    const env = new Map<string, string>();
    const entry = /- (?:\{ )?name: ([A-Z][A-Z0-9_]*)(?:, value: ([^}\n]*?) ?\}|\n\s+value: (.*))?/g;
    for (const m of doc.matchAll(entry)) env.set(m[1]!, unquote(m[2] ?? m[3] ?? ''));
    const images = [...doc.matchAll(/\n\s+image: (\S+)/g)].map((m) => unquote(m[1]!));
    units.set(component, { images, env, commands: bracketed(doc) });
  }
  return units;
}

/** Variables deploy/temporal's files read (server.yaml's env "X", the scripts' ${X}). */
export function temporalFilesRead(): Set<string> {
  const names = new Set<string>();
  for (const m of read('deploy/temporal/server.yaml').matchAll(/env "([A-Z0-9_]+)"/g))
    names.add(m[1]!);
  for (const file of ['setup-schema.sh', 'start-server.sh'])
    for (const m of read(`deploy/temporal/${file}`).matchAll(/\$\{([A-Z0-9_]+)/g)) names.add(m[1]!);
  return names;
}

const diff = (a: Iterable<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();
/** Set the same way everywhere: a value that differs is a mistake, not a platform's address. */
const SAME_VALUE = [
  'NODE_ENV',
  'TEMPORAL_NAMESPACE',
  'METRICS_HOST',
  'API_PORT',
  'API_HOST',
  'EXPORT_DIR',
  'DB_PORT',
  'PROMETHEUS_ENDPOINT',
  'WEB_HOST',
];

/** Cluster mode's Temporal variables (scripts/temporal-cluster.ts), as the launcher sets them. */
function clusterVariables(): Set<string> {
  const env = clusterEnv({
    binaries: { server: '', sqlTool: '', uiServer: '' },
    postgres: { host: 'h', port: 5432, user: 'u', password: 'p' },
    ports: DEFAULT_CLUSTER_PORTS,
    historyShards: 4,
    namespace: 'default',
    maxConns: { history: 1, visibility: 1 },
  });
  // start-server.sh's, set by the launcher; elsewhere the container's own address.
  return new Set([...Object.keys(env), 'BIND_ON_IP']);
}

const none: Unit = { images: [], env: new Map(), commands: [] };
const SETUP = squash(`['sh', '/etc/herald/temporal/setup-schema.sh']`);
const UI = `[${['temporal-ui-server', '--root', '/etc/herald', ...TEMPORAL_UI_ARGS].join(',')}]`;

/**
 * One topology (compose's services, or the chart's Deployments) against cluster mode: every
 * Temporal variable one the launcher sets, every Herald variable one core/config.ts reads, the
 * schema job and the UI run as the launcher runs them. `names` maps compose's service names to
 * the topology's own.
 */
function topologyProblems(
  where: string,
  units: Map<string, Unit>,
  names: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const unit = (service: string) => {
    const u = units.get(names[service] ?? service);
    if (!u) problems.push(`${where} has no ${names[service] ?? service}`);
    return u ?? none;
  };
  const clusterVars = clusterVariables();
  for (const service of ['temporal-schema', 'temporal'])
    for (const v of diff(unit(service).env.keys(), clusterVars))
      problems.push(`${where} sets ${v} for ${service}; cluster mode does not`);
  const configKeys = new Set(Object.keys(ConfigSchema.shape));
  // The chart's POSTGRES_PASSWORD is only interpolated into DATABASE_URL.
  configKeys.add('POSTGRES_PASSWORD');
  for (const service of ['worker', 'api'])
    for (const v of diff(unit(service).env.keys(), configKeys))
      problems.push(`${where} sets ${v} for the ${service}, which core/config.ts never reads`);
  if (!unit('temporal-schema').commands.includes(SETUP))
    problems.push(`${where}'s schema job does not run ${SETUP}`);
  if (!unit('temporal-ui').commands.includes(UI))
    problems.push(`${where}'s Temporal UI does not run ${UI}`);
  return problems;
}

/** compose against cluster mode, and against deploy/temporal's files and image. */
export function composeProblems(composeText = read('docker-compose.yml')): string[] {
  const problems = topologyProblems('compose', composeUnits(composeText), {});
  for (const v of diff(clusterVariables(), temporalFilesRead()))
    problems.push(`cluster mode sets ${v}, which deploy/temporal's files never read`);
  const dockerfile = read('deploy/temporal/Dockerfile');
  for (const line of [
    'COPY deploy/temporal /etc/herald/temporal',
    'COPY deploy/temporal-ui /etc/herald/temporal-ui',
    'CMD ["sh", "/etc/herald/temporal/start-server.sh"]',
  ])
    if (!dockerfile.includes(line)) problems.push(`deploy/temporal/Dockerfile lacks ${line}`);
  return problems;
}

/**
 * The chart as helm renders it against cluster mode and against compose: the images compose
 * builds, the same Temporal variables, at least compose's Herald variables, the same values
 * where a value is no platform's address, the same commands.
 */
export function chartProblems(
  rendered: string,
  composeText = read('docker-compose.yml'),
): string[] {
  const chart = chartUnits(rendered);
  // The chart runs the schema job as an init container of its temporal Deployment.
  const problems = topologyProblems('the chart', chart, { 'temporal-schema': 'temporal' });
  const compose = composeUnits(composeText);
  const built = new Set([...compose.values()].flatMap((u) => u.images));
  const run = new Set([...chart.values()].flatMap((u) => u.images));
  for (const i of diff(run, built))
    problems.push(`the chart runs ${i}, which compose does not build`);
  for (const i of diff(built, run))
    problems.push(`compose builds ${i}, which the chart never runs`);
  for (const service of ['temporal', 'worker', 'api', 'web', 'temporal-ui']) {
    const [a, b] = [compose.get(service) ?? none, chart.get(service) ?? none];
    for (const v of diff(a.env.keys(), new Set(b.env.keys())))
      problems.push(`compose sets ${v} for ${service}; the chart does not`);
    if (service === 'temporal')
      for (const v of diff(b.env.keys(), new Set(a.env.keys())))
        problems.push(`the chart sets ${v} for temporal; compose does not`);
    for (const v of SAME_VALUE) {
      const [x, y] = [a.env.get(v), b.env.get(v)];
      if (x !== undefined && y !== undefined && x !== y)
        problems.push(`${v} of ${service}: ${x} in compose, ${y} in the chart`);
    }
    // The server's container runs the image's default in both; the chart's init container is
    // the schema job, checked above.
    const [ca, cb] = [a.commands.join(' '), b.commands.filter((c) => c !== SETUP).join(' ')];
    if (ca !== cb)
      problems.push(
        `${service} runs ${ca || 'the image default'} in compose, ${cb || 'the image default'} in the chart`,
      );
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bin = await cachedHelm((l) => console.log(l));
  const lint = helm(bin, ['lint', '--strict', CHART]);
  console.log(`helm lint --strict: ${lint.ok ? 'passed' : 'FAILED'}\n${lint.output.trim()}`);
  const template = helm(bin, ['template', 'herald', CHART]);
  console.log(`helm template: ${template.ok ? 'passed' : `FAILED\n${template.output}`}`);
  const problems = [...composeProblems(), ...(template.ok ? chartProblems(template.output) : [])];
  console.log(
    problems.length === 0
      ? 'compose, the chart and cluster mode: the same images, files, commands and variables'
      : `differences:\n  ${problems.join('\n  ')}`,
  );
  process.exit(lint.ok && template.ok && problems.length === 0 ? 0 : 1);
}
