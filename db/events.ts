// Stored events. An idempotency key makes a repeated delivery return the first event.
import type { Db } from './connection.ts';

export interface EventRow {
  id: string;
  customer_id: string;
  type: string;
  properties: Record<string, unknown>;
  occurred_at: Date;
  idempotency_key: string | null;
}

export interface NewEvent {
  /** Given when the id was handed out before the event could be stored (a manual entry). */
  id?: string;
  customerId: string;
  type: string;
  properties: Record<string, unknown>;
  occurredAt?: string;
  idempotencyKey?: string;
  source?: string;
}

/**
 * Inserts an event; `duplicate` is true when its idempotency key was seen before.
 * `catalogueVersion` is the campaigns' and rules' version as this statement saw them
 * (db/catalogue.ts): read here, it costs the event path no statement of its own.
 */
export async function insertEvent(
  db: Db,
  e: NewEvent,
): Promise<{ row: EventRow; duplicate: boolean; catalogueVersion: bigint }> {
  const version = db.raw('(select version from catalogue_version)::text as catalogue_version');
  type Returned = EventRow & { catalogue_version: string };
  const split = ({ catalogue_version, ...row }: Returned, duplicate: boolean) => ({
    row,
    duplicate,
    catalogueVersion: BigInt(catalogue_version),
  });
  const inserted = await db('events')
    .insert({
      ...(e.id ? { id: e.id } : {}),
      customer_id: e.customerId,
      type: e.type,
      properties: JSON.stringify(e.properties),
      occurred_at: e.occurredAt ?? db.fn.now(),
      idempotency_key: e.idempotencyKey ?? null,
      source: e.source ?? 'api',
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning<Returned[]>(['*', version]);
  if (inserted[0]) return split(inserted[0], false);
  const existing = await db('events')
    .where({ idempotency_key: e.idempotencyKey })
    .first<Returned>(['*', version]);
  return split(existing, true);
}
