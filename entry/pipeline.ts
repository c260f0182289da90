// The one pipeline for what happens to a customer (DESIGN decision 3). The api's routes, the
// webhooks, the tracker, the tracking links and the worker's activities all enter here:
//
//   resolve the customer (validated before anything is written)
//   → store the event (once per idempotency key)
//   → start the campaigns it triggers and signal the journeys waiting for it
//   → derived events (profile changes, points) queue up behind it and go through the same steps.
//
// A pipeline is opened per request, batch or activity call: it reads each customer's open
// journeys once, however many events it carries. The active campaigns and points rules come from
// the process's catalogue (db/catalogue.ts), as of the version each event's insert saw.
import type { EventInput } from '../core/event.ts';
import { eventsAccepted } from '../core/telemetry.ts';
import type { VersionRow } from '../db/campaigns.ts';
import { type Catalogue, catalogueAt } from '../db/catalogue.ts';
import { openJourneysOf } from '../db/entries.ts';
import { insertEvent, type NewEvent } from '../db/events.ts';
import type { Posted } from '../db/points.ts';
import type { JourneyEvent } from '../workflows/journey-api.ts';
import { type CustomerReference, resolveCustomer } from './customer.ts';
import { pointsAccrued, pointsEarned, profileUpdated } from './derived.ts';
import type { EntryDeps } from './deps.ts';
import { enterCampaign, signalJourneys, type StartedJourney, startJourneys } from './journeys.ts';

export interface RecordedEvent {
  event: JourneyEvent;
  customerId: string;
  duplicate: boolean;
  journeysStarted: StartedJourney[];
  journeysSignalled: number;
}

/** What the api answers for an accepted event: the recorded event named by its ID. */
export type IngestResult = Omit<RecordedEvent, 'event'> & { id: string };

/**
 * Where a time-based trigger sends the event that explains an entry: into this one campaign,
 * not to every campaign and journey listening for its type.
 */
export interface Entrance {
  version: VersionRow;
  triggerNodeId: string;
}

interface Queued {
  event: NewEvent;
  entrance?: Entrance;
}

/** An event acted on, and the catalogue as its insert saw it (its points rules come next). */
interface Acted {
  recorded: RecordedEvent;
  catalogue: () => Promise<Catalogue>;
}

export interface Pipeline {
  deps: EntryDeps;
  /** An event from outside: resolves (creating or updating) its customer, then records it. */
  ingest(input: EventInput, opts?: { field?: string; source?: string }): Promise<IngestResult>;
  /** An event of a known customer. */
  record(event: NewEvent, entrance?: Entrance): Promise<RecordedEvent>;
  /** Resolves a customer as `ingest` does, recording what the attributes sent changed. */
  resolve(ref: CustomerReference, field?: string, source?: string): Promise<string>;
  /** Announces points posted outside the pipeline (a manual credit, a campaign's step). */
  announcePoints(customerId: string, posted: Posted[]): Promise<void>;
}

const toJourneyEvent = (row: {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  occurred_at: Date;
}): JourneyEvent => ({
  id: row.id,
  type: row.type,
  properties: row.properties,
  occurredAt: row.occurred_at.toISOString(),
});

export function openPipeline(deps: EntryDeps): Pipeline {
  const openJourneys = new Map<string, Promise<Set<string>>>();
  /** Customers this pipeline created: their first entries skip the re-entry transaction. */
  const created = new Set<string>();
  const journeysOf = (customerId: string) => {
    let open = openJourneys.get(customerId);
    if (!open) {
      open = openJourneysOf(deps.db, customerId).then((ids) => new Set(ids));
      openJourneys.set(customerId, open);
    }
    return open;
  };

  /**
   * Stores one event and acts on it. A repeated delivery (same idempotencyKey) stores nothing
   * new but still re-runs triggering, which the entry guard makes harmless: it finishes whatever
   * an earlier delivery could not (a journey start that met an unavailable Temporal).
   */
  async function act({ event: input, entrance }: Queued): Promise<Acted> {
    const { row, duplicate, catalogueVersion } = await insertEvent(deps.db, input);
    const catalogue = () => catalogueAt(deps.db, catalogueVersion);
    eventsAccepted.inc({ duplicate: String(duplicate) });
    const event = toJourneyEvent(row);
    const customerId = row.customer_id;
    const base = { event, customerId, duplicate, journeysStarted: [], journeysSignalled: 0 };
    if (entrance) {
      // An occurrence already stored was handled by the firing that stored it.
      if (duplicate) return { recorded: base, catalogue };
      const result = await enterCampaign(
        deps,
        entrance.version,
        entrance.triggerNodeId,
        customerId,
        event,
      );
      const journeysStarted = 'journey' in result ? [result.journey] : [];
      return { recorded: { ...base, journeysStarted }, catalogue };
    }
    const { campaigns } = await catalogue();
    const journeysStarted = await startJourneys(deps, campaigns, customerId, event, {
      newCustomer: created.has(customerId),
    });
    const open = await journeysOf(customerId);
    const started = new Set(journeysStarted.map((j) => j.workflowId));
    const others = [...open].filter((id) => !started.has(id));
    const reached = new Set(await signalJourneys(deps, others, event));
    // Journeys that ended are forgotten; the ones just started hear this customer's next event.
    for (const id of others) if (!reached.has(id)) open.delete(id);
    for (const id of started) open.add(id);
    return { recorded: { ...base, journeysStarted, journeysSignalled: reached.size }, catalogue };
  }

  /**
   * Runs the queue to its end, each event's derived events behind it, and returns the results
   * of the events it was given (derived ones are on the customer's timeline).
   */
  async function drain(items: Queued[]): Promise<RecordedEvent[]> {
    const queue = [...items];
    const results: RecordedEvent[] = [];
    for (let i = 0; i < queue.length; i++) {
      const { recorded, catalogue } = await act(queue[i]!);
      if (i < items.length) results.push(recorded);
      if (!recorded.duplicate)
        for (const event of await pointsEarned(
          deps,
          { ...recorded.event, customerId: recorded.customerId },
          (await catalogue()).eventRules,
        ))
          queue.push({ event });
    }
    return results;
  }

  const resolveWithChanges = async (ref: CustomerReference, field = '', source?: string) => {
    const resolved = await resolveCustomer(deps, ref, field);
    const { customerId, changes } = resolved;
    // A customer made just now has no journeys yet but the ones this pipeline starts.
    if (resolved.created) {
      created.add(customerId);
      if (!openJourneys.has(customerId)) openJourneys.set(customerId, Promise.resolve(new Set()));
    }
    return {
      customerId,
      before: changes ? [{ event: profileUpdated(customerId, changes, source) }] : [],
    };
  };

  return {
    deps,
    async ingest(input, { field = '', source = 'api' } = {}) {
      const { customerId, before } = await resolveWithChanges(input, field, source);
      const { type, properties, occurredAt, idempotencyKey } = input;
      // The profile's change comes first: it is what this event told about the customer.
      const results = await drain([
        ...before,
        { event: { customerId, type, properties, occurredAt, idempotencyKey, source } },
      ]);
      const { event, duplicate, journeysStarted, journeysSignalled } = results.at(-1)!;
      return { id: event.id, customerId, duplicate, journeysStarted, journeysSignalled };
    },
    async record(event, entrance) {
      const [recorded] = await drain([{ event, entrance }]);
      return recorded!;
    },
    async resolve(ref, field, source) {
      const { customerId, before } = await resolveWithChanges(ref, field, source);
      await drain(before);
      return customerId;
    },
    async announcePoints(customerId, posted) {
      await drain(pointsAccrued(customerId, posted).map((event) => ({ event })));
    },
  };
}
