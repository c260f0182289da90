// Web sign-in (outside /v1: signing in is how a browser gets its credentials), who is calling,
// and the api's health for load balancers and the launcher.
import type { Response } from 'express';
import { Health, Me, SignedIn, SignIn } from '../../core/contract/sessions.ts';
import { unauthorized } from '../../core/errors.ts';
import { createSession, deleteSession, findUserByCredentials } from '../../db/auth.ts';
import { refuseCrossSite, SESSION_COOKIE } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { reply, route } from '../route.ts';
import { createSignInThrottle, type SignInThrottle } from '../sign-in-throttle.ts';

/** One throttle per app, so that two apps in one process (tests) do not share counters. */
const throttles = new WeakMap<ApiDeps, SignInThrottle>();
const throttleOf = (deps: ApiDeps) => {
  let t = throttles.get(deps);
  if (!t) throttles.set(deps, (t = createSignInThrottle(deps.db)));
  return t;
};

const check = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
    return 'ok';
  } catch (err) {
    return `down: ${(err as Error).message}`;
  }
};

/** Signs the browser in as the user: a session and its httpOnly cookie. */
export async function startSession(
  { db, config }: ApiDeps,
  res: Response,
  user: { id: string; email: string; name: string },
) {
  const session = await createSession(db, user.id);
  res.cookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.NODE_ENV === 'production',
    expires: session.expiresAt,
    path: '/',
  });
  return { user: { id: user.id, email: user.email, name: user.name } };
}

export const sessionRoutes = [
  route({
    method: 'post',
    path: '/auth/session',
    summary: 'Sign in to the web app (sets a session cookie)',
    public: true,
    body: SignIn,
    responses: { 200: SignedIn },
    errors: [401, 403, 429],
    handler: async ({ body: { email, password }, req, res, deps }) => {
      const { db } = deps;
      // Login CSRF: another site must not sign the browser in to an account of its choosing.
      refuseCrossSite(req);
      const throttle = throttleOf(deps);
      const address = req.ip ?? 'unknown';
      await throttle.check(email, address, res);
      const user = await findUserByCredentials(db, email, password);
      if (!user) {
        await throttle.failed(email, address, res);
        throw unauthorized('The email or password is wrong.');
      }
      await throttle.succeeded(email);
      return startSession(deps, res, user);
    },
  }),
  route({
    method: 'delete',
    path: '/auth/session',
    summary: 'Sign out',
    public: true,
    responses: { 204: null },
    errors: [403],
    handler: async ({ req, res, deps: { db } }) => {
      refuseCrossSite(req); // another site must not sign the marketer out
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      if (token) await deleteSession(db, token);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  }),
  route({
    method: 'get',
    path: '/v1/me',
    permission: 'authenticated',
    summary: 'Who is calling: an API key, or the signed-in user',
    responses: { 200: Me },
    handler: ({ req }) => Promise.resolve({ principal: req.principal! }),
  }),
  route({
    method: 'get',
    path: '/health',
    summary: 'Liveness of the api, Postgres and Temporal',
    public: true,
    responses: { 200: Health, 503: { schema: Health, description: 'A dependency is down' } },
    handler: async ({ deps: { db, temporal } }) => {
      const [database, temporalServer] = await Promise.all([
        check(() => db.raw('select 1')),
        check(() => temporal.workflowService.getSystemInfo({})),
      ]);
      const ok = database === 'ok' && temporalServer === 'ok';
      const body = { status: ok ? 'ok' : 'degraded', database, temporal: temporalServer } as const;
      return ok ? reply(200, body) : reply(503, body);
    },
  }),
];
