// A path the api serves, asked with a method it does not serve, answers 405 with the methods it
// does (Allow), rather than express's HTML 404 that says the path does not exist. Under /v1 the
// credentials come first, as for an unknown route: an anonymous caller learns nothing.
import type { Express, RequestHandler } from 'express';
import { type AnyRoute, expressPath } from './route.ts';

/**
 * `static` paths (no parameters) are answered before the routes are mounted, for the methods
 * they do not serve: else a parameterised path beside them (`/v1/segments/{id}` beside
 * `/v1/segments/preview`) would take the request and answer 400 for its "ID". The others after.
 */
export function answerOtherMethods(
  app: Express,
  routes: AnyRoute[],
  auth: RequestHandler,
  paths: 'static' | 'parameterised',
): void {
  const methods = new Map<string, string[]>();
  for (const r of routes) {
    const path = expressPath(r.path);
    methods.set(path, [...(methods.get(path) ?? []), r.method.toUpperCase()]);
  }
  for (const [path, served] of methods) {
    if (path.includes(':') !== (paths === 'parameterised')) continue;
    const allowed = [...served, ...(served.includes('GET') ? ['HEAD'] : [])];
    const allow = allowed.join(', ');
    const methodNotAllowed: RequestHandler = (req, res, next) => {
      if (req.method === 'OPTIONS') return next(); // CORS preflights and express's own answer
      res
        .set('Allow', allow)
        .status(405)
        .json({
          error: {
            code: 'method_not_allowed',
            message: `${req.method} is not served at ${req.path}; use ${allow}`,
          },
        });
    };
    // A method the path serves goes on to its route, before any credentials are read here.
    const otherMethod: RequestHandler = (req, _res, next) =>
      next(allowed.includes(req.method) ? 'route' : undefined);
    // Named: api/openapi.test.ts tells these from the routes by it.
    app.all(path, otherMethod, ...(path.startsWith('/v1/') ? [auth] : []), methodNotAllowed);
  }
}
