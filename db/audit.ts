// The audit log's table: one row per change worth answering for, written by the api inside the
// change's transaction when it has one (pass the transaction as `db`).
import type { AuditAction, AuditLogPage } from '../core/contract/audit.ts';
import type { Db } from './connection.ts';
import { cursorTime, decodeCursor, pageOf } from './cursor.ts';

export interface AuditRecord {
  actorKind: 'user' | 'apiKey';
  actorId: string | null;
  actorLabel: string;
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, r: AuditRecord): Promise<void> {
  await db('audit_log').insert({
    actor_kind: r.actorKind,
    actor_id: r.actorId,
    actor_label: r.actorLabel,
    action: r.action,
    target_type: r.targetType,
    target_id: r.targetId ?? null,
    details: JSON.stringify(r.details ?? {}),
  });
}

interface AuditRow {
  id: string;
  at: Date;
  actor_kind: 'user' | 'apiKey';
  actor_id: string | null;
  actor_label: string;
  action: AuditAction;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  cursor_at: string;
}

/**
 * A page of the log, newest first, by keyset cursor (db/cursor.ts). `actions` are exact actions;
 * `kinds` match every action on that kind of target ("campaign" for campaign.*).
 */
export async function auditPage(
  db: Db,
  page: { limit: number; before?: string; actions?: string[]; kinds?: string[] },
): Promise<AuditLogPage> {
  const q = db('audit_log')
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit + 1);
  if (page.actions?.length || page.kinds?.length)
    void q.where((w) => {
      if (page.actions?.length) void w.orWhereIn('action', page.actions);
      if (page.kinds?.length)
        void w.orWhereRaw("split_part(action, '.', 1) = any(?)", [page.kinds]);
    });
  if (page.before) {
    const [at, id] = decodeCursor(page.before);
    void q.whereRaw('(at, id) < (?, ?)', [at, id]);
  }
  const found = await q.select<AuditRow[]>('*', db.raw(cursorTime('at')));
  const { rows, next } = pageOf(found, page.limit, (r) => r.cursor_at);
  return {
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { kind: r.actor_kind, id: r.actor_id, label: r.actor_label },
      action: r.action,
      target: { type: r.target_type, id: r.target_id },
      details: r.details,
    })),
    next,
  };
}
