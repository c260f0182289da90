// Writing the audit log from a route: the caller (user or API key) is the actor, and the record
// joins the change's transaction, so a change is never kept without its record nor recorded
// without happening.
import type { Request } from 'express';
import type { Principal } from '../core/contract/sessions.ts';
import { notFound } from '../core/errors.ts';
import { type AuditRecord, recordAudit } from '../db/audit.ts';
import type { Db } from '../db/connection.ts';
import type { ApiDeps } from './deps.ts';

export type AuditChange = Omit<AuditRecord, 'actorKind' | 'actorId' | 'actorLabel'>;

export const actorOf = (p: Principal) => ({
  actorKind: p.kind,
  actorId: p.id,
  actorLabel: p.kind === 'user' ? p.email : `API key "${p.name}"`,
});

/** Records the change as made by the request's caller; `db` is the change's transaction. */
export const audit = (db: Db, req: Request, change: AuditChange) =>
  recordAudit(db, { ...actorOf(req.principal!), ...change });

/** Makes the change and records it in one transaction; `describe` sees what the change returned. */
export function audited<T>(
  { db }: ApiDeps,
  req: Request,
  change: (trx: Db) => Promise<T>,
  describe: (result: T) => AuditChange | undefined,
): Promise<T> {
  return db.transaction(async (trx) => {
    const result = await change(trx);
    const entry = describe(result);
    if (entry) await audit(trx, req, entry);
    return result;
  });
}

/**
 * Revokes one thing and records it, in one transaction. Nothing revoked (unknown, or revoked
 * already) records nothing and answers a 404 naming `what`.
 */
export async function auditedRevoke<T>(
  deps: ApiDeps,
  req: Request,
  what: string,
  revoke: (trx: Db) => Promise<T>,
  describe: (revoked: NonNullable<T>) => AuditChange,
): Promise<void> {
  const revoked = await audited(deps, req, revoke, (r) => (r ? describe(r) : undefined));
  if (!revoked) throw notFound(what);
}
