// Web sign-in. Outside /v1 because signing in is how a browser gets its credentials.
import { Router } from 'express';
import { z } from 'zod';
import { unauthorized } from '../../core/errors.ts';
import { createSession, deleteSession, findUserByCredentials } from '../../db/auth.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

export const SignIn = z.object({
  email: z.email('use the email address you were invited with'),
  password: z.string().min(1, 'enter your password'),
});

export function sessionsRouter({ db, config }: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const { email, password } = parseBody(SignIn, req.body, 'sign-in');
    const user = await findUserByCredentials(db, email, password);
    if (!user) throw unauthorized('The email or password is wrong.');
    const session = await createSession(db, user.id);
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.NODE_ENV === 'production',
      expires: session.expiresAt,
      path: '/',
    });
    res.json({ user: { id: user.id, email: user.email, name: user.name } });
  });
  router.delete('/', async (req, res) => {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return router;
}
