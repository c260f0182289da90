// The team: users with their roles, deactivation (sessions end at once), and invites whose
// single-use token expires. The invite token is kept as a SHA-256 hash, never in full.
import { randomBytes } from 'node:crypto';
import { conflict } from '../core/errors.ts';
import type { Role } from '../core/permissions.ts';
import { sha256 } from './api-keys.ts';
import { hashPassword, type UserRow } from './auth.ts';
import type { Db } from './connection.ts';

/** How long an invite link works. */
export const INVITE_DAYS = 7;

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db('users').orderByRaw('deactivated_at is not null, created_at, id').select('*');
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db('users').where({ id }).first<UserRow | undefined>();
}

/**
 * Changes a user's role or deactivates (or reactivates) them. Deactivating deletes their sessions
 * in the same transaction, so they are signed out at once. Refuses to leave no active admin.
 */
export async function updateUser(
  db: Db,
  id: string,
  change: { role?: Role; active?: boolean },
): Promise<UserRow | undefined> {
  return db.transaction(async (trx) => {
    // Locks the admins, so two admins demoting each other at once cannot both win.
    await trx('users')
      .where({ role: 'admin' })
      .whereNull('deactivated_at')
      .forUpdate()
      .select('id');
    const [row] = await trx('users')
      .where({ id })
      .update({
        ...(change.role && { role: change.role }),
        ...(change.active === false && {
          deactivated_at: trx.raw('coalesce(deactivated_at, now())'),
        }),
        ...(change.active === true && { deactivated_at: null }),
      })
      .returning<UserRow[]>('*');
    if (!row) return undefined;
    if (row.deactivated_at) await trx('sessions').where({ user_id: id }).delete();
    const admins = await trx('users')
      .where({ role: 'admin' })
      .whereNull('deactivated_at')
      .first<{ n: number }>(trx.raw('count(*)::int as n'));
    if (admins.n === 0)
      throw conflict('Herald needs at least one active admin; make someone else admin first.');
    return row;
  });
}

export interface InviteRow {
  id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  user_id: string | null;
  revoked_at: Date | null;
}

/** Invites the address; an earlier open invite to it stops working. The token in full, once. */
export async function createInvite(
  db: Db,
  invite: { email: string; role: Role; invitedBy?: string },
): Promise<{ row: InviteRow; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const email = invite.email.toLowerCase();
  const row = await db.transaction(async (trx) => {
    await trx('invites')
      .where({ email })
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .update({ revoked_at: trx.fn.now() });
    const [created] = await trx('invites')
      .insert({
        email,
        role: invite.role,
        token_hash: sha256(token),
        invited_by: invite.invitedBy ?? null,
        expires_at: trx.raw(`now() + interval '${INVITE_DAYS} days'`),
      })
      .returning<InviteRow[]>('*');
    return created!;
  });
  return { row, token };
}

/** Invites not yet accepted nor revoked (expired ones too, so an admin sees them), newest first. */
export async function listOpenInvites(db: Db): Promise<InviteRow[]> {
  return db('invites')
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .select('*');
}

export async function revokeInvite(db: Db, id: string): Promise<InviteRow | undefined> {
  const [row] = await db('invites')
    .where({ id })
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() })
    .returning<InviteRow[]>('*');
  return row;
}

export type InviteState = 'open' | 'accepted' | 'revoked' | 'expired';

export const inviteState = (row: InviteRow, now = new Date()): InviteState =>
  row.accepted_at
    ? 'accepted'
    : row.revoked_at
      ? 'revoked'
      : row.expires_at <= now
        ? 'expired'
        : 'open';

export async function inviteByToken(db: Db, token: string): Promise<InviteRow | undefined> {
  return db('invites')
    .where({ token_hash: sha256(token) })
    .first<InviteRow | undefined>();
}

/**
 * Accepts an open invite: the user is made with the invite's email and role, and the invite
 * marked used, in one transaction. The claim is one conditional update, so a token used twice
 * at once makes one user. Undefined when the invite is not open (or the email is taken).
 */
export async function acceptInvite(
  db: Db,
  token: string,
  user: { name: string; password: string },
): Promise<{ user: UserRow; invite: InviteRow } | undefined> {
  const passwordHash = await hashPassword(user.password);
  return db.transaction(async (trx) => {
    const [invite] = await trx('invites')
      .where({ token_hash: sha256(token) })
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .where('expires_at', '>', trx.fn.now())
      .update({ accepted_at: trx.fn.now() })
      .returning<InviteRow[]>('*');
    if (!invite) return undefined;
    const [created] = await trx('users')
      .insert({
        email: invite.email,
        name: user.name,
        password_hash: passwordHash,
        role: invite.role,
      })
      .onConflict('email')
      .ignore()
      .returning<UserRow[]>('*');
    if (!created) throw conflict(`${invite.email} already has an account; sign in instead.`);
    await trx('invites').where({ id: invite.id }).update({ user_id: created.id });
    return { user: created, invite };
  });
}

export async function userByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db('users').where({ email: email.toLowerCase() }).first<UserRow | undefined>();
}
