// /v1/openapi.json, generated from the route table and the contract's schemas (core/contract/),
// so the document cannot drift from what the api accepts and answers. Every named schema of the
// contract is a component; what a route declares inline is written into its path.
import { z } from 'zod';
import * as contract from '../core/contract/index.ts';
import { type AnyRoute, type Answer, isSchema, schemaOf } from './route.ts';

type Json = Record<string, unknown>;

const DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  207: 'Some items were rejected; see results',
  302: 'Redirect',
  400: 'Bad input: every field at fault, with the fix',
  401: 'No valid API key or session',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state; the message says what to do',
  413: 'The body is too large',
  415: 'The body is in a charset or Content-Encoding the api does not read',
  429: 'Too many requests; retry after the seconds in the Retry-After header',
  503: 'A dependency (Temporal) is unavailable; the message says how to retry',
};

const ref = (id: string) => `#/components/schemas/${id}`;
/** Where a route's own schemas point while generated; inlined before the document is served. */
const INLINE = '#/inline/';

/** The schemas of one document: named ones as components, the rest inlined where they are used. */
class Schemas {
  private readonly registry = z.registry<{ id: string }>();
  private readonly named = new Set<string>();
  private next = 0;
  private input: Record<string, Json> = {};
  private output: Record<string, Json> = {};
  /** Named schemas whose answer form differs from their request form: `<name>Output`. */
  private outputOnly = new Set<string>();

  constructor() {
    for (const [name, value] of Object.entries(contract))
      if (value instanceof z.ZodType && !this.registry.has(value)) {
        this.registry.add(value, { id: name });
        this.named.add(name);
      }
  }

  /** Registers a schema the route uses; the id to read it back with after generate(). */
  use(schema: z.ZodType): string {
    const found = this.registry.get(schema)?.id;
    if (found) return found;
    const id = `inline${this.next++}`;
    this.registry.add(schema, { id });
    return id;
  }

  generate() {
    const run = (io: 'input' | 'output', uri: (id: string) => string) => {
      const { schemas } = z.toJSONSchema(this.registry, { io, unrepresentable: 'any', uri });
      return schemas as Record<string, Json>;
    };
    const uri = (map: (id: string) => string) => (id: string) =>
      this.named.has(id) ? map(id) : `${INLINE}${id}`;
    this.input = run('input', uri(ref));
    // A component whose answer form differs (defaults filled in, transforms applied) is written
    // again as <name>Output; repeated until the components that refer to those settle too.
    for (;;) {
      this.output = run(
        'output',
        uri((id) => ref(this.outputOnly.has(id) ? `${id}Output` : id)),
      );
      const differ = [...this.named].filter(
        (id) => JSON.stringify(this.output[id]) !== JSON.stringify(this.input[id]),
      );
      if (differ.length === this.outputOnly.size) break;
      this.outputOnly = new Set(differ);
    }
  }

  private read(id: string, io: 'input' | 'output'): Json {
    if (this.named.has(id))
      return { $ref: ref(io === 'output' && this.outputOnly.has(id) ? `${id}Output` : id) };
    return this.inline((io === 'input' ? this.input : this.output)[id]!, io);
  }
  request = (id: string) => this.read(id, 'input');
  response = (id: string) => this.read(id, 'output');

  /** Writes a route's own schemas, nested in another or not, where they are used. */
  private inline(json: unknown, io: 'input' | 'output'): Json {
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!v || typeof v !== 'object') return v;
      const { $ref, $schema: _, $id: __, ...rest } = v as Json;
      if (typeof $ref === 'string' && $ref.startsWith(INLINE)) {
        return this.read($ref.slice(INLINE.length), io);
      }
      return Object.fromEntries(
        Object.entries({ ...($ref !== undefined && { $ref }), ...rest }).map(([k, x]) => [
          k,
          walk(x),
        ]),
      );
    };
    return walk(json) as Json;
  }

  components(): Json {
    const entries: [string, Json][] = [
      ...[...this.named].map((id): [string, Json] => [id, this.inline(this.input[id], 'input')]),
      ...[...this.outputOnly].map((id): [string, Json] => [
        `${id}Output`,
        this.inline(this.output[id], 'output'),
      ]),
    ];
    return Object.fromEntries(entries);
  }
}

/** The document's part of one route, with the ids of its schemas to fill in once generated. */
function describeRoute(r: AnyRoute, schemas: Schemas) {
  const params = (where: 'path' | 'query', object: z.ZodType | undefined) =>
    Object.entries((object as z.ZodObject | undefined)?.shape ?? {}).map(([name, s]) => ({
      name,
      where,
      required: where === 'path' || !(s as z.ZodType).safeParse(undefined).success,
      id: schemas.use(s as z.ZodType),
    }));
  const parameters = [...params('path', r.params), ...params('query', r.query)];
  const body = r.body ?? r.unparsedBody?.schema;
  const bodyId = body && schemas.use(body);
  const declared: [number, Answer][] = Object.entries(r.responses).map(([s, a]) => [Number(s), a]);
  const readsBody = Boolean(body ?? r.unparsedBody);
  const errors = [
    // Every route refuses hostile text in its path and query string, declared or not.
    400,
    ...(r.public ? [] : [401]),
    // A route that needs a permission refuses a role or key without it.
    ...(r.permission && r.permission !== 'authenticated' ? [403] : []),
    // What the body parsers refuse before the route runs: too large, or an unknown charset or
    // Content-Encoding.
    ...(readsBody ? [413, 415] : []),
    ...(r.errors ?? []),
    ...(r.rateLimit ? [429] : []),
  ].filter((s, i, all) => !(s in r.responses) && all.indexOf(s) === i);
  const answers = [...declared, ...errors.map((s): [number, Answer] => [s, contract.ApiError])]
    .sort(([a], [b]) => a - b)
    .map(([status, a]) => {
      const schema = schemaOf(a);
      return { status, a, id: schema && schemas.use(schema) };
    });

  return () => ({
    summary: r.summary,
    ...(r.public && { security: [] }),
    ...(r.permission && { 'x-permission': r.permission }),
    ...(parameters.length > 0 && {
      parameters: parameters.map((p) => ({
        name: p.name,
        in: p.where,
        required: p.required,
        schema: schemas.request(p.id),
      })),
    }),
    ...(bodyId && {
      requestBody: {
        required: !body.safeParse(undefined).success,
        content: {
          [r.unparsedBody?.contentType ?? 'application/json']: { schema: schemas.request(bodyId) },
        },
      },
    }),
    responses: Object.fromEntries(
      answers.map(({ status, a, id }) => {
        const raw = a !== null && !isSchema(a) ? a : undefined;
        const contentType = raw && 'contentType' in raw ? raw.contentType : undefined;
        const content = id
          ? { 'application/json': { schema: schemas.response(id) } }
          : contentType && { [contentType]: { schema: { type: 'string' } } };
        return [
          String(status),
          {
            description: raw?.description ?? DESCRIPTIONS[status] ?? 'Answer',
            ...(content && { content }),
          },
        ];
      }),
    ),
  });
}

export function buildDocument(routes: AnyRoute[]) {
  const schemas = new Schemas();
  const described = routes.map((r) => ({ r, fill: describeRoute(r, schemas) }));
  schemas.generate();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { r, fill } of described) (paths[r.path] ??= {})[r.method] = fill();
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'Herald API',
      version: '1',
      description:
        'Customer data in, journeys out. Every /v1 route needs "Authorization: Bearer <API key>" or a web session.',
    },
    components: {
      schemas: schemas.components(),
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'herald_session' },
      },
    },
    security: [{ apiKey: [] }, { session: [] }],
    paths,
  };
}
