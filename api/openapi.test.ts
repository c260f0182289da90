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
    route?: { path: string; methods: Record<string, boolean>; stack: { name: string }[] };
  };
  // A sub-router would hide its routes from this list: the table mounts every route on the app.
  assert.deepEqual(
    stack.filter((l) => l.name === 'router').map((l) => l.name),
    [],
    'no express.Router: declare routes in api/routes/index.ts',
  );
  return stack.flatMap((l) =>
    l.route
      ? // Not the 405 answered for a served path's other methods (api/method-not-allowed.ts).
        Object.keys(l.route.methods)
          .filter(() => !l.route!.stack.some((s) => s.name === 'methodNotAllowed'))
          .map((method) => ({
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

/**
 * An object with properties, an array of something, or a union of such: not a bare object, at
 * any depth. A free-form map (custom fields, event properties) says so with additionalProperties.
 */
function describes(schema: Json, seen = new Set<Json>()): boolean {
  const s = resolve(schema);
  if (seen.has(s)) return true;
  seen.add(s);
  const deeper = (x: unknown) => describes(x as Json, seen);
  const parts = (s.anyOf ?? s.oneOf ?? s.allOf) as Json[] | undefined;
  if (parts) return parts.every(deeper);
  if (s.type === 'array') return deeper(s.items);
  if (s.type === 'object') {
    const properties = Object.values((s.properties as Json | undefined) ?? {});
    if (properties.length === 0) return s.additionalProperties !== undefined;
    return properties.every(deeper);
  }
  return Object.keys(s).length === 0 || s.type !== undefined || 'const' in s || 'enum' in s;
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
      // Any route refuses hostile text in its path or query string, declared or not.
      assert.ok(statuses.includes('400'), `${where} lists 400`);
      if (op.security?.length !== 0) assert.ok(statuses.includes('401'), `${where} lists 401`);
      if (op.requestBody)
        for (const status of ['413', '415'])
          assert.ok(statuses.includes(status), `${where} lists ${status}`);
    }
});

test('schemas the web app and callers rely on are named components', () => {
  for (const name of ['EventInput', 'Customer', 'CampaignDetail', 'Profile', 'ApiError'])
    assert.ok(doc.components.schemas[name], name);
  const campaign = doc.paths['/v1/campaigns/{id}']!.get!;
  const schema = resolve(campaign.responses['200']!.content!['application/json']!.schema!);
  assert.ok((schema.properties as Json).campaign);
});

test('a served path asked with another method answers 405 naming the methods it serves', async () => {
  const trace = await fetch(`${h.apiUrl}/health`, { method: 'DELETE' });
  assert.equal(trace.status, 405);
  assert.equal(trace.headers.get('allow'), 'GET, HEAD');
  assert.equal(
    ((await trace.json()) as { error: { code: string } }).error.code,
    'method_not_allowed',
  );
  // Under /v1 the credentials come first, as for an unknown route.
  assert.equal((await h.api('/v1/templates', { method: 'DELETE', key: null })).status, 401);
  const put = await h.api('/v1/templates', { method: 'PUT', body: {} });
  assert.equal(put.status, 405);
  assert.equal((await h.api('/no/such/path')).status, 404);
});
