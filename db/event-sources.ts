// Where an event came from ("webhook:<source>", "tracker"). ingestEvent stores every event as
// "api"; the routes that receive events another way mark them after ingestion.
import type { Db } from './connection.ts';

export async function markEventSource(db: Db, eventIds: string[], source: string): Promise<void> {
  if (eventIds.length > 0) await db('events').whereIn('id', eventIds).update({ source });
}
