// Every /v1 route needs an API key or a web session (DESIGN decision 10), and the permission its
// route declares (api/route.ts): a user's come from their role, a key's from its scope.
import type { Request, RequestHandler } from 'express';
import type { Principal } from '../core/contract/sessions.ts';
import { crossSiteMessage, crossSiteRefusal } from '../core/cross-site.ts';
import { HeraldError, unauthorized } from '../core/errors.ts';
import { allows, permissionsOf, type RouteAccess } from '../core/permissions.ts';
import { authenticateApiKey } from '../db/api-keys.ts';
import { userBySession } from '../db/auth.ts';
import type { Db } from '../db/connection.ts';

export const SESSION_COOKIE = 'herald_session';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
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
      // Looked up on every request, never cached: a revoked key is refused from the next one.
      const row = await authenticateApiKey(db, key);
      if (!row)
        throw unauthorized('This API key is not valid or has been revoked; create a new one.');
      req.principal = {
        kind: 'apiKey',
        id: row.id,
        name: row.name,
        role: row.role,
        permissions: [...(row.role ? permissionsOf(row.role) : (row.permissions ?? []))],
      };
      return next();
    }
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const user = token ? await userBySession(db, token) : undefined;
    if (user) {
      refuseCrossSite(req);
      req.principal = {
        kind: 'user',
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        permissions: [...permissionsOf(user.role)],
      };
      return next();
    }
    throw unauthorized(
      'Authenticate with an API key ("Authorization: Bearer <key>") or sign in to the web app.',
    );
  };
}

const holder = (p: Principal) =>
  p.kind === 'user'
    ? `your role (${p.role})`
    : p.role
      ? `this API key's role (${p.role})`
      : 'this API key';

/** A 403 naming the permission missing, and who can grant it. */
export function forbidden(need: RouteAccess, principal: Principal): HeraldError {
  return new HeraldError(
    403,
    'forbidden',
    `This needs the permission "${need}", which ${holder(principal)} does not have; ask an admin for a role that has it.`,
  );
}

/** Refuses a caller without the permission a route declares. Runs after requireAuth. */
export function requirePermission(need: RouteAccess): RequestHandler {
  return (req, _res, next) => {
    if (!allows(req.principal!.permissions, need)) throw forbidden(need, req.principal!);
    next();
  };
}
