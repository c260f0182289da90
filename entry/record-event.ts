// Recording an event for a known customer and acting on it: store it (once per idempotency
// key), start the campaigns it triggers, and reach the customer's journeys waiting for it. The
// api's ingestion, the tracking links and the worker's trigger activities all go through here.
import type { JourneyEvent } from '../workflows/journey-api.ts';
import { insertEvent, type NewEvent } from '../db/events.ts';
import type { EntryDeps } from './deps.ts';
import { signalJourneys, type StartedJourney, startJourneys } from './journeys.ts';

export interface RecordedEvent {
  event: JourneyEvent;
  duplicate: boolean;
  journeysStarted: StartedJourney[];
  journeysSignalled: number;
}

/**
 * A repeated delivery (same idempotencyKey) stores nothing new but still re-runs triggering,
 * which the entry guard makes harmless: it finishes whatever an earlier delivery could not (a
 * journey start that met an unavailable Temporal).
 */
export async function recordEvent(deps: EntryDeps, input: NewEvent): Promise<RecordedEvent> {
  const { row, duplicate } = await insertEvent(deps.db, input);
  const event: JourneyEvent = {
    id: row.id,
    type: row.type,
    properties: row.properties,
    occurredAt: row.occurred_at.toISOString(),
  };
  const journeysStarted = await startJourneys(deps, row.customer_id, event);
  const journeysSignalled = await signalJourneys(
    deps,
    row.customer_id,
    event,
    new Set(journeysStarted.map((j) => j.workflowId)),
  );
  return { event, duplicate, journeysStarted, journeysSignalled };
}
