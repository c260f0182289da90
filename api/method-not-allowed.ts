// A path the api serves, asked with a method it does not serve, answers 405 with the methods it
// does (Allow), rather than express's HTML 404 that says the path does not exist. Under /v1 the
// credentials come first, as for an unknown route: an anonymous caller learns nothing.
import type { Express, RequestHandler } from 'express';
import { type AnyRoute, expressPath } from './route.ts';

export function answerOtherMethods(app: Express, routes: AnyRoute[], auth: RequestHandler): void {
  const methods = new Map<string, string[]>();
  for (const r of routes) {
    const path = expressPath(r.path);
    methods.set(path, [...(methods.get(path) ?? []), r.method.toUpperCase()]);
  }
  for (const [path, served] of methods) {
    const allow = [...served, ...(served.includes('GET') ? ['HEAD'] : [])].join(', ');
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
    // Named: api/openapi.test.ts tells these from the routes by it.
    app.all(path, ...(path.startsWith('/v1/') ? [auth] : []), methodNotAllowed);
  }
}
