// Hostile requests for every route of the api, read from its own OpenAPI document: each path
// parameter, query parameter and body field filled with input that once answered 500 (NUL
// characters, lone surrogates, year 0000, offsets past ±14:00, integers past int4, nesting
// thousands deep). api/hostile-input.test.ts sends them all and asks that none is a 5xx.

type Json = Record<string, any>;

/** Strings that no Postgres text, jsonb, date or int4 value can hold, or that once broke a route. */
export const HOSTILE_STRINGS = {
  nul: 'a\u0000b',
  loneSurrogate: 'a\uD800b',
  year0000: '0000-01-01T00:00:00Z',
  date0000: '0000-01-01',
  offset1700: '2026-01-01T00:00:00+17:00',
  int4Overflow: '2147483648',
  bigInt: '99999999999999999999999',
} as const;
export type HostileKind = keyof typeof HOSTILE_STRINGS;

/** An array nested `depth` deep: `[[[…]]]`. */
export const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** One request to send: method, path with its parameters filled in, and an optional JSON body. */
export interface HostileRequest {
  method: string;
  path: string;
  body?: unknown;
  /** What the request holds, for the assertion message. */
  what: string;
}

function resolver(doc: Json) {
  return function resolve(schema: Json | undefined): Json {
    if (!schema) return {};
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return resolve(doc.components.schemas[name]);
    }
    return schema;
  };
}

/** A leaf of a body: where it is, and whether it holds text or a number. */
type Leaf = { path: string[]; kind: 'string' | 'number' };

/** Fields whose format the document does not spell out, by name. */
const PLAUSIBLE: Record<string, string> = {
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  from: '09:00',
  to: '22:00',
  phone: '+4915112345678',
  email: 'someone@example.com',
  cron: '0 3 * * *',
  mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>',
  type: 'page_view',
  name: 'hostile',
};

/** A plausible value for a schema, so that one hostile leaf is what the route sees as wrong. */
function sample(
  schema: Json,
  resolve: (s: Json) => Json,
  leaves: Leaf[],
  path: string[] = [],
): unknown {
  const s = resolve(schema);
  if (path.length > 8) return undefined;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const alternative = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternative) && alternative.length > 0)
    return sample(
      alternative.find((a: Json) => resolve(a).type !== 'null') ?? alternative[0],
      resolve,
      leaves,
      path,
    );
  if (Array.isArray(s.allOf) && s.allOf.length > 0)
    return Object.assign({}, ...s.allOf.map((p: Json) => sample(p, resolve, leaves, path)));
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const out: Json = {};
    for (const [k, p] of Object.entries((s.properties ?? {}) as Json))
      out[k] = sample(p, resolve, leaves, [...path, k]);
    if (s.additionalProperties && !s.properties)
      out.key = sample(
        s.additionalProperties === true ? { type: 'string' } : s.additionalProperties,
        resolve,
        leaves,
        [...path, 'key'],
      );
    return out;
  }
  if (type === 'array') return [sample(s.items ?? {}, resolve, leaves, [...path, '0'])];
  if (type === 'integer' || type === 'number') {
    leaves.push({ path, kind: 'number' });
    return typeof s.minimum === 'number' ? s.minimum : 1;
  }
  if (type === 'boolean') return true;
  leaves.push({ path, kind: 'string' });
  const known = PLAUSIBLE[path.at(-1) ?? ''];
  if (known) return known;
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (s.format === 'date-time') return new Date().toISOString();
  if (s.format === 'date') return '2000-01-01';
  if (s.format === 'email') return 'someone@example.com';
  if (s.format === 'uri') return 'https://example.com/';
  return 'text';
}

function withLeaf(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body) as Json;
  let at: Json = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  at[path.at(-1)!] = value;
  return copy;
}

/** The hostile inputs for a leaf of each kind. */
const FOR_STRING: HostileKind[] = ['nul', 'loneSurrogate', 'year0000', 'date0000', 'offset1700'];
const FOR_NUMBER = [2147483648, 1e23, -2147483649];

/** A lone surrogate has no UTF-8 form; in a URL it goes as the bytes a careless encoder writes. */
const enc = (s: string) =>
  s
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

/** Every hostile request for every operation of the document. */
export function hostileRequests(doc: Json): HostileRequest[] {
  const resolve = resolver(doc);
  const requests: HostileRequest[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(ops as Json)) {
      const params = ((op as Json).parameters ?? []) as Json[];
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name as string);
      const queryParams = params.filter((p) => p.in === 'query').map((p) => p.name as string);
      const bodySchema = (op as Json).requestBody?.content?.['application/json']?.schema;
      // A well-formed UUID where a path parameter is not the one under attack.
      const withPath = (value: (name: string) => string) =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => value(name));
      const plain = withPath(() => '00000000-0000-4000-8000-000000000000');
      for (const [kind, value] of Object.entries(HOSTILE_STRINGS)) {
        for (const name of pathParams)
          requests.push({
            method,
            path: withPath((n) =>
              n === name ? enc(value) : '00000000-0000-4000-8000-000000000000',
            ),
            what: `path ${name} = ${kind}`,
          });
        for (const name of queryParams)
          requests.push({
            method,
            path: `${plain}?${name}=${enc(value)}`,
            what: `query ${name} = ${kind}`,
          });
      }
      if (bodySchema) {
        const leaves: Leaf[] = [];
        const body = sample(bodySchema, resolve, leaves);
        requests.push({ method, path: plain, body, what: 'a plausible body' });
        for (const leaf of leaves) {
          const values: unknown[] =
            leaf.kind === 'string' ? FOR_STRING.map((k) => HOSTILE_STRINGS[k]) : FOR_NUMBER;
          for (const value of values)
            requests.push({
              method,
              path: plain,
              body: withLeaf(body, leaf.path, value),
              what: `body ${leaf.path.join('.') || '(body)'} = ${JSON.stringify(value)}`,
            });
        }
      }
      if (bodySchema || method === 'post')
        requests.push({ method, path: plain, body: deepArray(5000), what: 'array 5000 deep' });
    }
  }
  return requests;
}
