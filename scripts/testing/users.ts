// Callers of each role for the tests: a user of that role signed in through the api (a session
// cookie, as the web app holds it), or an API key of a given scope.
import assert from 'node:assert/strict';
import type { Role } from '../../core/permissions.ts';
import { createApiKey, type KeyScope } from '../../db/api-keys.ts';
import { upsertUser } from '../../db/auth.ts';
import type { Harness } from './harness.ts';

export interface Answer {
  status: number;
  /** The JSON answer parsed; any other answer as text. */
  body: any;
  headers: Headers;
}

/** One caller's credentials: a session cookie or an API key. */
export type Credentials = { cookie: string } | { key: string };

export async function call(
  h: Harness,
  who: Credentials,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Answer> {
  const res = await fetch(`${h.apiUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
      ...('cookie' in who ? { cookie: who.cookie } : { authorization: `Bearer ${who.key}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: json && text ? JSON.parse(text) : text, headers: res.headers };
}

/** Signs in with an email and password; the session cookie. */
export async function signInWith(h: Harness, email: string, password: string): Promise<string> {
  const res = await fetch(`${h.apiUrl}/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** A user of the role (role@roles.test), signed in; their ID and session cookie. */
export async function userOfRole(h: Harness, role: Role): Promise<{ id: string; cookie: string }> {
  const email = `${role}@roles.test`;
  const password = `${role} password`;
  const user = await upsertUser(h.db, { email, password, name: `The ${role}`, role });
  return { id: user.id, cookie: await signInWith(h, email, password) };
}

/** An API key of the scope; the key in full. */
export async function keyOfScope(h: Harness, scope: KeyScope): Promise<string> {
  return (await createApiKey(h.db, `scoped ${JSON.stringify(scope)}`, { scope })).key;
}
