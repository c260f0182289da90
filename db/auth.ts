// Users, web sessions and API keys. Secrets are never stored: passwords as scrypt hashes,
// session tokens and API keys as SHA-256 hashes (they are long and random, so a fast hash is enough).
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Role } from '../core/permissions.ts';
import { sha256 } from './api-keys.ts';
import type { Db } from './connection.ts';

export { createApiKey } from './api-keys.ts';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32);
  return `scrypt:${salt.toString('hex')}:${key.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, keyHex] = stored.split(':');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const key = await scrypt(password, Buffer.from(saltHex, 'hex'), 32);
  return timingSafeEqual(key, Buffer.from(keyHex, 'hex'));
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  deactivated_at: Date | null;
  created_at: Date;
}

export async function upsertUser(
  db: Db,
  u: { email: string; name: string; password: string; role?: Role },
): Promise<UserRow> {
  const [row] = await db('users')
    .insert({
      email: u.email.toLowerCase(),
      name: u.name,
      password_hash: await hashPassword(u.password),
      role: u.role ?? 'admin',
    })
    .onConflict('email')
    // A role given is a role meant (the launcher's admin stays admin); otherwise it is kept.
    .merge(['password_hash', 'name', ...(u.role ? ['role' as const] : [])])
    .returning<UserRow[]>('*');
  return row!;
}

export async function findUserByCredentials(
  db: Db,
  email: string,
  password: string,
): Promise<UserRow | undefined> {
  const user = await db('users')
    .where({ email: email.toLowerCase() })
    .whereNull('deactivated_at')
    .first<UserRow | undefined>();
  // An unknown email costs the same scrypt as a known one, so the answer's timing does not tell
  // which emails have an account.
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  return user && valid ? user : undefined;
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, made once: what an unknown email's password is checked against. */
const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex')));

const SESSION_DAYS = 14;

export async function createSession(
  db: Db,
  userId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db('sessions').insert({
    token_hash: sha256(token),
    user_id: userId,
    expires_at: expiresAt,
  });
  return { token, expiresAt };
}

export async function userBySession(db: Db, token: string): Promise<UserRow | undefined> {
  return db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', sha256(token))
    .where('s.expires_at', '>', db.fn.now())
    .whereNull('u.deactivated_at')
    .first<UserRow | undefined>('u.*');
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db('sessions')
    .where({ token_hash: sha256(token) })
    .delete();
}
