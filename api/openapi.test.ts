// /v1/openapi.json lists every route the app serves, each success answer with a real schema: a
// route added to express without a declaration in the route table fails here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../core/config.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { createApp } from './app.ts';

type Json = Record<string, unknown>;
type Operation = {
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
};

let h: Harness;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Json } };
before(async () => {
  h = await createHarness();
  doc = (await h.api('/v1/openapi.json')).body;
});
after(() => h.close());

/** Every method and path the express app answers, read from its router. */
function servedRoutes() {
  const app = createApp({
    db: h.db,
    temporal: h.temporal,
    log: pino({ level: 'silent' }),
    config: loadConfig(),
  });
  const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  type Layer = {
    name: string;
    handle: { stack?: unknown[] };
    route?: { path: string; methods: Record<string, boolean> };
  };
  // A sub-router would hide its routes from this list: the table mounts every route on the app.
  assert.deepEqual(
    stack.filter((l) => l.name === 'router').map((l) => l.name),
    [],
    'no express.Router: declare routes in api/routes/index.ts',
  );
  return stack.flatMap((l) =>
    l.route
      ? Object.keys(l.route.methods).map((method) => ({
          method,
          path: l.route!.path.replace(/:(\w+)/g, '{$1}'),
        }))
      : [],
  );
}

function resolve(schema: Json): Json {
  const ref = schema.$ref as string | undefined;
  return ref ? resolve(doc.components.schemas[ref.split('/').pop()!] as Json) : schema;
}

/** An object with properties, an array of something, or a union of such: not a bare object. */
function describes(schema: Json): boolean {
  const s = resolve(schema);
  const union = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (union) return union.every(describes);
  if (s.type === 'array') return describes(s.items as Json);
  if (s.type === 'object') return Object.keys((s.properties as Json | undefined) ?? {}).length > 0;
  return typeof s.type === 'string' || 'const' in s || 'enum' in s;
}

test('every route the app serves is in the document', () => {
  const served = servedRoutes();
  // The CORS preflight of the tracker answers browsers, not callers: it is no operation.
  const missing = served.filter((r) => r.method !== 'options' && !doc.paths[r.path]?.[r.method]);
  assert.deepEqual(missing, []);
  assert.ok(served.filter((r) => r.path.startsWith('/v1/')).length >= 60);
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method} ${path}`),
  );
  assert.deepEqual(
    documented.filter((d) => !served.some((r) => `${r.method} ${r.path}` === d)),
    [],
    'every documented operation is served',
  );
});

test('each answer of each operation has a real schema, and its errors are listed', () => {
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const where = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(op.responses);
      assert.ok(
        statuses.some((s) => /^[23]/.test(s)),
        `${where} documents a success answer`,
      );
      for (const [status, answer] of Object.entries(op.responses)) {
        const json = answer.content?.['application/json']?.schema;
        if (status === '204' || status === '302') assert.equal(json, undefined, where);
        else if (json) assert.ok(describes(json), `${where} ${status} describes its body`);
        else assert.ok(answer.content, `${where} ${status} names its content type`);
      }
      if (op.security?.length !== 0) assert.ok(statuses.includes('401'), `${where} lists 401`);
      if (op.parameters?.length || op.requestBody)
        assert.ok(statuses.includes('400'), `${where} lists 400`);
    }
});

test('schemas the web app and callers rely on are named components', () => {
  for (const name of ['EventInput', 'Customer', 'CampaignDetail', 'Profile', 'ApiError'])
    assert.ok(doc.components.schemas[name], name);
  const campaign = doc.paths['/v1/campaigns/{id}']!.get!;
  const schema = resolve(campaign.responses['200']!.content!['application/json']!.schema!);
  assert.ok((schema.properties as Json).campaign);
});
