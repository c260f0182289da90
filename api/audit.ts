// Writing the audit log from a route: the caller (user or API key) is the actor, and the record
// joins the change's transaction, so a change is never kept without its record nor recorded
// without happening.
import type { Request } from 'express';
import type { Principal } from '../core/contract/sessions.ts';
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
