// Webhook sources: the external systems allowed to post events, each with its own credential.
import { createHash, randomBytes } from 'node:crypto';
import { seal } from '../core/secret-box.ts';
import type { Db } from './connection.ts';

export type WebhookAuthMode = 'token' | 'hmac-sha256';

export interface WebhookSourceRow {
  id: string;
  name: string;
  auth_mode: WebhookAuthMode;
  token_hash: string | null;
  secret_encrypted: string | null;
  default_event_type: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** The purpose the HMAC secrets are sealed under (core/secret-box.ts). */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-source-secret';

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** The public view: never the token hash nor the sealed secret. */
export function toWebhookSource(row: WebhookSourceRow) {
  return {
    id: row.id,
    name: row.name,
    authMode: row.auth_mode,
    defaultEventType: row.default_event_type ?? undefined,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString(),
    revoked: row.revoked_at !== null,
  };
}

/** Creates a source; its credential is returned here once and never again. */
export async function createWebhookSource(
  db: Db,
  masterSecret: string,
  input: { name: string; authMode: WebhookAuthMode; defaultEventType?: string },
): Promise<{ row: WebhookSourceRow; credential: string } | undefined> {
  const raw = randomBytes(32).toString('base64url');
  const credential = input.authMode === 'token' ? `whk_${raw}` : `whsec_${raw}`;
  const [row] = await db('webhook_sources')
    .insert({
      name: input.name,
      auth_mode: input.authMode,
      token_hash: input.authMode === 'token' ? sha256Hex(credential) : null,
      secret_encrypted:
        input.authMode === 'hmac-sha256'
          ? seal(masterSecret, WEBHOOK_SECRET_PURPOSE, credential)
          : null,
      default_event_type: input.defaultEventType ?? null,
    })
    .onConflict('name')
    .ignore()
    .returning<WebhookSourceRow[]>('*');
  return row ? { row, credential } : undefined;
}

export async function listWebhookSources(db: Db): Promise<WebhookSourceRow[]> {
  return db('webhook_sources').orderBy('created_at').select<WebhookSourceRow[]>('*');
}

export async function webhookSourceByName(
  db: Db,
  name: string,
): Promise<WebhookSourceRow | undefined> {
  return db('webhook_sources').where({ name }).first<WebhookSourceRow | undefined>();
}

export async function revokeWebhookSource(db: Db, id: string): Promise<boolean> {
  const n = await db('webhook_sources')
    .where({ id })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() });
  return n > 0;
}

export async function touchWebhookSource(db: Db, id: string): Promise<void> {
  await db('webhook_sources').where({ id }).update({ last_used_at: db.fn.now() });
}
