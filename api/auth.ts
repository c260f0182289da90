// Every /v1 route needs an API key or a web session (DESIGN decision 10).
import type { Request, RequestHandler } from 'express';
import { crossSiteMessage, crossSiteRefusal } from '../core/cross-site.ts';
import { HeraldError, unauthorized } from '../core/errors.ts';
import { apiKeyIsValid, userBySession } from '../db/auth.ts';
import type { Db } from '../db/connection.ts';

export const SESSION_COOKIE = 'herald_session';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: { kind: 'apiKey' } | { kind: 'user'; id: string; email: string; name: string };
  }
}

function keyFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

/** Refuses a cookie-signed change another site sent (core/cross-site.ts). */
export function refuseCrossSite(req: Request): void {
  const crossSite = crossSiteRefusal(req.method, req.get('host'), (name) => req.get(name));
  if (crossSite) throw new HeraldError(403, 'cross_site_request', crossSiteMessage(crossSite));
}

export function requireAuth(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const key = keyFrom(req.get('authorization')) ?? req.get('x-api-key');
    if (key) {
      if (!(await apiKeyIsValid(db, key)))
        throw unauthorized('This API key is not valid or has been revoked; create a new one.');
      req.principal = { kind: 'apiKey' };
      return next();
    }
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const user = token ? await userBySession(db, token) : undefined;
    if (user) {
      refuseCrossSite(req);
      req.principal = { kind: 'user', id: user.id, email: user.email, name: user.name };
      return next();
    }
    throw unauthorized(
      'Authenticate with an API key ("Authorization: Bearer <key>") or sign in to the web app.',
    );
  };
}
