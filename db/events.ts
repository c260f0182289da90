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

/** Inserts an event; `duplicate` is true when its idempotency key was seen before. */
export async function insertEvent(
  db: Db,
  e: NewEvent,
): Promise<{ row: EventRow; duplicate: boolean }> {
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
    .returning<EventRow[]>('*');
  if (inserted[0]) return { row: inserted[0], duplicate: false };
  const existing = await db('events')
    .where({ idempotency_key: e.idempotencyKey })
    .first<EventRow>();
  return { row: existing, duplicate: true };
}
