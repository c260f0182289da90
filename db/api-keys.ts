// API keys: created with a scope (a role, or a set of permissions), shown once and stored as a
// SHA-256 hash (a key is long and random, so a fast hash is enough), revoked at once. The key's
// prefix lets a person tell keys apart without the key.
import { createHash, randomBytes } from 'node:crypto';
import type { Permission, Role } from '../core/permissions.ts';
import type { Db } from './connection.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type KeyScope = { role: Role } | { permissions: Permission[] };

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: Role | null;
  permissions: Permission[] | null;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = [
  'id',
  'name',
  'prefix',
  'role',
  'permissions',
  'created_by',
  'created_at',
  'last_used_at',
  'revoked_at',
];

/** Creates an API key and returns it in full; only its hash is kept. Full access by default. */
export async function createApiKey(
  db: Db,
  name: string,
  opts: { key?: string; scope?: KeyScope; createdBy?: string } = {},
): Promise<{ id: string; key: string; row: ApiKeyRow }> {
  const key = opts.key ?? `hk_${randomBytes(24).toString('base64url')}`;
  const scope = opts.scope ?? { role: 'admin' };
  const values = {
    name,
    prefix: key.slice(0, 7),
    key_hash: sha256(key),
    role: 'role' in scope ? scope.role : null,
    permissions: 'permissions' in scope ? scope.permissions : null,
    created_by: opts.createdBy ?? null,
  };
  const [row] = await db('api_keys')
    .insert(values)
    .onConflict('key_hash')
    .merge({ revoked_at: null, role: values.role, permissions: values.permissions })
    .returning<ApiKeyRow[]>(COLUMNS);
  return { id: row!.id, key, row: row! };
}

// last_used_at is written at most once a minute per key: a busy integration would otherwise
// turn every read into a write of the same row.
const TOUCH_EVERY_MS = 60_000;

/** The key's row when it is valid and not revoked; records that it was used. */
export async function authenticateApiKey(db: Db, key: string): Promise<ApiKeyRow | undefined> {
  const row = await db('api_keys')
    .where({ key_hash: sha256(key) })
    .whereNull('revoked_at')
    .first<ApiKeyRow | undefined>(COLUMNS);
  if (row && (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_EVERY_MS))
    await db('api_keys').where({ id: row.id }).update({ last_used_at: db.fn.now() });
  return row;
}

/** Every key, live ones first, newest first. */
export async function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db('api_keys')
    .orderByRaw('revoked_at is not null, created_at desc, id')
    .select<ApiKeyRow[]>(COLUMNS);
}

/** Revokes a key; undefined when there is no such key. Revoking twice keeps the first time. */
export async function revokeApiKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db('api_keys')
    .where({ id })
    .update({ revoked_at: db.raw('coalesce(revoked_at, now())') })
    .returning<ApiKeyRow[]>(COLUMNS);
  return row;
}
