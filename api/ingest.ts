// Event ingestion: resolve the customer, store the event, then start and signal journeys.
import type { EventInput } from '../core/event.ts';
import { badRequest } from '../core/errors.ts';
import { getCustomer, upsertCustomerByExternalId } from '../db/customers.ts';
import { insertEvent } from '../db/events.ts';
import type { ApiDeps } from './deps.ts';
import { signalJourneys, type StartedJourney, startJourneys } from './journeys.ts';

export interface IngestResult {
  id: string;
  customerId: string;
  duplicate: boolean;
  journeysStarted: StartedJourney[];
  journeysSignalled: number;
}

export async function resolveCustomer(
  deps: ApiDeps,
  e: EventInput,
  field: string,
): Promise<string> {
  if (e.externalId !== undefined) {
    const row = await upsertCustomerByExternalId(deps.db, e.externalId, e.customer ?? {});
    if (e.customerId !== undefined && e.customerId !== row.id) {
      throw badRequest('customerId and externalId name different customers', [
        {
          field: `${field}customerId`,
          message: 'send one of customerId or externalId, or both for the same customer',
        },
      ]);
    }
    return row.id;
  }
  const row = await getCustomer(deps.db, e.customerId!);
  if (!row) {
    throw badRequest(`No customer has the ID ${e.customerId}`, [
      {
        field: `${field}customerId`,
        message: 'use the ID of an existing customer, or send externalId to create one',
      },
    ]);
  }
  if (e.customer)
    throw badRequest('customer attributes need an externalId', [
      {
        field: `${field}customer`,
        message:
          'send externalId with customer attributes, or update the customer through /v1/customers',
      },
    ]);
  return row.id;
}

/**
 * Ingests one validated event. A repeated delivery (same idempotencyKey) stores nothing new but
 * still re-runs triggering, which the entry guard makes harmless: it finishes whatever an
 * earlier delivery could not (a journey start that met an unavailable Temporal).
 */
export async function ingestEvent(deps: ApiDeps, e: EventInput, field = ''): Promise<IngestResult> {
  const customerId = await resolveCustomer(deps, e, field);
  const { row, duplicate } = await insertEvent(deps.db, {
    customerId,
    type: e.type,
    properties: e.properties,
    occurredAt: e.occurredAt,
    idempotencyKey: e.idempotencyKey,
  });
  const event = {
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
  return { id: row.id, customerId: row.customer_id, duplicate, journeysStarted, journeysSignalled };
}
