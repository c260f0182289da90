// Segment-compatible sources (migration 0080): a write key per source, kept as its SHA-256, and
// the shared secret of Segment's webhook destination, sealed. Both are shown once, at creation.
import { randomBytes } from 'node:crypto';
import { open, seal } from '../core/secret-box.ts';
import type { Db } from './connection.ts';
import { sha256Hex } from './webhook-sources.ts';

export interface SegmentSourceRow {
  id: string;
  name: string;
  write_key_hash: string;
  webhook_secret_encrypted: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** The purpose webhook secrets are sealed under (core/secret-box.ts). */
const WEBHOOK_SECRET_PURPOSE = 'segment-webhook-secret';

/** The public view: never the key's hash nor the sealed secret. */
export function toSegmentSource(row: SegmentSourceRow) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString(),
    revoked: row.revoked_at !== null,
  };
}

/** Creates a source; its write key and webhook secret are returned here once and never again. */
export async function createSegmentSource(
  db: Db,
  masterSecret: string,
  name: string,
): Promise<{ row: SegmentSourceRow; writeKey: string; webhookSecret: string } | undefined> {
  // Letters and digits only: the key travels in URLs (analytics.js's settings path) and headers.
  const writeKey = `wk${randomBytes(24).toString('hex')}`;
  const webhookSecret = `sws_${randomBytes(32).toString('base64url')}`;
  const [row] = await db('segment_sources')
    .insert({
      name,
      write_key_hash: sha256Hex(writeKey),
      webhook_secret_encrypted: seal(masterSecret, WEBHOOK_SECRET_PURPOSE, webhookSecret),
    })
    .onConflict('name')
    .ignore()
    .returning<SegmentSourceRow[]>('*');
  return row ? { row, writeKey, webhookSecret } : undefined;
}

export async function listSegmentSources(db: Db): Promise<SegmentSourceRow[]> {
  return db('segment_sources').orderBy('created_at').select<SegmentSourceRow[]>('*');
}

/** The active source whose write key this is; revoked keys name none. */
export async function segmentSourceByWriteKey(
  db: Db,
  writeKey: string,
): Promise<SegmentSourceRow | undefined> {
  return db('segment_sources')
    .where({ write_key_hash: sha256Hex(writeKey) })
    .whereNull('revoked_at')
    .first<SegmentSourceRow | undefined>();
}

export async function segmentSourceByName(
  db: Db,
  name: string,
): Promise<SegmentSourceRow | undefined> {
  return db('segment_sources').where({ name }).first<SegmentSourceRow | undefined>();
}

export function webhookSecretOf(masterSecret: string, row: SegmentSourceRow): string {
  return open(masterSecret, WEBHOOK_SECRET_PURPOSE, row.webhook_secret_encrypted);
}

export async function revokeSegmentSource(db: Db, id: string): Promise<boolean> {
  const n = await db('segment_sources')
    .where({ id })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() });
  return n > 0;
}

/** Notes that a source was used; at most once a minute, so a busy source costs no write per call. */
export async function touchSegmentSource(db: Db, id: string): Promise<void> {
  await db('segment_sources')
    .where({ id })
    .where((q) =>
      q
        .whereNull('last_used_at')
        .orWhere('last_used_at', '<', db.raw("now() - interval '1 minute'")),
    )
    .update({ last_used_at: db.fn.now() });
}

/** Whether an identify or alias with this messageId was already applied. */
export async function segmentMessageSeen(db: Db, messageId: string): Promise<boolean> {
  const row = await db('segment_messages')
    .where({ message_id: messageId })
    .first<{ message_id: string } | undefined>('message_id');
  return row !== undefined;
}

/** Remembers an identify or alias once it has been applied. */
export async function rememberSegmentMessage(db: Db, messageId: string): Promise<void> {
  await db('segment_messages').insert({ message_id: messageId }).onConflict('message_id').ignore();
}
