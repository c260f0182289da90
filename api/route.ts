// The route builder: a route is declared once, with its method, path, summary, the schemas of
// its params, query and body, and a schema per answer. From that one declaration the api
// validates the request (a 400 naming every field at fault), types the handler's inputs and its
// answer, and writes the route into /v1/openapi.json (api/openapi.ts).
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { RouteAccess } from '../core/permissions.ts';
import { requireAuth, requirePermission } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { createRateLimits, type RateLimitGroup } from './rate-limits.ts';
import { parseBody, refuseHostileInput } from './validate.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An answer the handler writes itself (a CSV stream, a script, a redirect). */
export interface RawAnswer {
  description: string;
  /** Absent for an answer without a body, such as a redirect. */
  contentType?: string;
}

/**
 * An answer: a JSON schema, `null` for 204 No Content, a raw answer, or a JSON schema with the
 * words the document shows for it.
 */
export type Answer = z.ZodType | null | RawAnswer | { schema: z.ZodType; description: string };

/** A body the handler reads itself: raw bytes, CSV, or JSON whose shape picks its schema. */
export interface UnparsedBody {
  contentType: string;
  /** What the document shows for the body. */
  schema?: z.ZodType;
  /** Reads the body; none leaves req.body to the app's parsers (JSON). */
  parser?: RequestHandler;
}

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type Responses = Record<number, Answer>;

export type BodyOf<A> = A extends z.ZodType
  ? z.input<A>
  : A extends { schema: infer S extends z.ZodType }
    ? z.input<S>
    : void;

/** An answer with a status of the route's own choosing, from those it declares. */
export class Reply<S extends number = number, B = unknown> {
  constructor(
    readonly status: S,
    readonly body: B,
  ) {}
}
export const reply = <S extends number, B>(status: S, body: B) => new Reply(status, body);

/** A batch's answer (entry/batch.ts): `ok` when all were accepted, 207 when some, 400 when none. */
export function batchReply<B, Ok extends 200 | 202 = 202>(
  ok: Ok,
  { status, body }: { status: number; body: object },
) {
  const answer = body as B;
  if (status === 207) return reply(207, answer);
  if (status === 400) return reply(400, answer);
  return reply(ok, answer);
}

type Replies<R extends Responses> = {
  [S in keyof R & number]: Reply<S, BodyOf<R[S]>>;
}[keyof R & number];
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
/** One success status: the handler returns its body. Several: it says which, with reply(). */
type HandlerResult<R extends Responses> =
  true extends IsUnion<SuccessStatus<R>> ? Replies<R> : Replies<R> | BodyOf<R[SuccessStatus<R>]>;
type SuccessStatus<R extends Responses> = Extract<keyof R, 200 | 201 | 202 | 204 | 207 | 302>;

export interface HandlerInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: Out<P>;
  query: Out<Q>;
  body: B extends z.ZodType ? z.output<B> : unknown;
  req: Request;
  res: Response;
  deps: ApiDeps;
}

export type ErrorStatus = 401 | 403 | 404 | 409 | 413 | 429 | 503;

/**
 * Who may call a route, declared beside it: a route is public, or names the permission it needs
 * (core/permissions.ts), so that no route can be added without deciding who may call it.
 */
export type Access =
  | {
      /** Public routes authenticate themselves (a signed token, a site key) or need nothing. */
      public: true;
      permission?: never;
    }
  | {
      public?: never;
      /** What the caller's role or API key must allow; 'authenticated' asks for nothing more. */
      permission: RouteAccess;
    };

export type RouteSpec<
  P extends Schema,
  Q extends Schema,
  B extends Schema,
  R extends Responses,
> = Access & RouteDeclaration<P, Q, B, R>;

interface RouteDeclaration<
  P extends Schema,
  Q extends Schema,
  B extends Schema,
  R extends Responses,
> {
  method: Method;
  /** OpenAPI style: /v1/campaigns/{id}. */
  path: string;
  summary: string;
  /** A public route's rate limit (api/rate-limits.ts): its requests per client are counted. */
  rateLimit?: RateLimitGroup;
  params?: P;
  query?: Q;
  body?: B;
  unparsedBody?: UnparsedBody;
  /** Every answer but the errors below; a 4xx listed here replaces the plain error answer. */
  responses: R;
  /** The expected errors the route can answer with; 400 and 401 are added as they apply. */
  errors?: ErrorStatus[];
  handler(input: HandlerInput<P, Q, B>): Promise<HandlerResult<R>>;
}

export type AnyRoute = RouteSpec<Schema, Schema, Schema, Responses>;

/** Declares a route; the identity, typed, so that handlers are checked against their answers. */
export function route<P extends Schema, Q extends Schema, B extends Schema, R extends Responses>(
  spec: RouteSpec<P, Q, B, R>,
): AnyRoute {
  return spec;
}

export const isSchema = (a: Answer): a is z.ZodType =>
  a !== null && typeof (a as z.ZodType).safeParse === 'function';
export const schemaOf = (a: Answer): z.ZodType | undefined =>
  a === null ? undefined : isSchema(a) ? a : 'schema' in a ? a.schema : undefined;

const json = express.json({ limit: '5mb' });

/** A 400 naming each field of a body a handler parsed itself that holds text no route can store. */
export function refuseNul(...parts: unknown[]): void {
  for (const body of parts) refuseHostileInput({ body });
}

export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function send(spec: AnyRoute, res: Response, result: unknown) {
  // Without reply(), the answer has the route's one success status, the first declared.
  const replied = result instanceof Reply ? (result as Reply) : undefined;
  const status = replied ? replied.status : Number(Object.keys(spec.responses)[0]);
  const body = replied ? replied.body : result;
  const answer = spec.responses[status];
  if (answer === null) res.status(status).end();
  else if (answer !== undefined && !schemaOf(answer))
    return; // raw: the handler has answered
  else res.status(status).json(body);
}

/** Mounts the routes on the app, each behind its authentication and body parser. */
export function mountRoutes(app: Express, routes: AnyRoute[], deps: ApiDeps): void {
  const auth = requireAuth(deps.db);
  const limit = createRateLimits(deps.db, deps.config);
  for (const spec of routes) {
    // The types demand one of the two; a route built around them must not slip through open.
    const { method, path } = spec;
    if (!spec.public && !spec.permission)
      throw new Error(`${method} ${path} declares neither public nor a permission`);
    const chain: RequestHandler[] = spec.public ? [] : [auth, requirePermission(spec.permission)];
    if (spec.rateLimit) chain.unshift(limit(spec.rateLimit));
    if (spec.unparsedBody?.parser) chain.push(spec.unparsedBody.parser);
    else if (spec.body || spec.unparsedBody) chain.push(json);
    chain.push(async (req, res) => {
      refuseHostileInput({ path: req.params, query: req.query, body: req.body });
      const input = {
        params: spec.params ? parseBody(spec.params, req.params, 'path') : undefined,
        query: spec.query ? parseBody(spec.query, req.query, 'query') : undefined,
        body: spec.body ? parseBody(spec.body, req.body, 'request body') : (req.body as unknown),
        req,
        res,
        deps,
      };
      send(spec, res, await spec.handler(input));
    });
    app[spec.method](expressPath(spec.path), ...chain);
  }
}
