// Event ingestion: resolve the customer, then record the event, starting and signalling journeys.
import type { EventInput } from '../core/event.ts';
import { badRequest } from '../core/errors.ts';
import { getCustomer, upsertCustomerWithChanges } from '../db/customers.ts';
import { accrueEventPoints } from './points-accrual.ts';
import { recordProfileUpdate } from './profile-updated.ts';
import type { ApiDeps } from './deps.ts';
import type { StartedJourney } from '../entry/journeys.ts';
import { recordEvent } from '../entry/record-event.ts';

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
    const { row, changes } = await upsertCustomerWithChanges(
      deps.db,
      e.externalId,
      e.customer ?? {},
    );
    if (e.customerId !== undefined && e.customerId !== row.id) {
      throw badRequest('customerId and externalId name different customers', [
        {
          field: `${field}customerId`,
          message: 'send one of customerId or externalId, or both for the same customer',
        },
      ]);
    }
    // Attributes that changed are an event of their own ("profile attribute changed" triggers).
    if (changes) await recordProfileUpdate(deps, row.id, changes);
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

/** Ingests one validated event: resolves its customer, then records and acts on it. */
export async function ingestEvent(
  deps: ApiDeps,
  e: EventInput,
  field = '',
  source = 'api',
): Promise<IngestResult> {
  const customerId = await resolveCustomer(deps, e, field);
  const recorded = await recordEvent(deps, {
    customerId,
    type: e.type,
    properties: e.properties,
    occurredAt: e.occurredAt,
    idempotencyKey: e.idempotencyKey,
    source,
  });
  const { event, duplicate, journeysStarted, journeysSignalled } = recorded;
  if (!duplicate) await accrueEventPoints(deps, { id: event.id, customerId, type: event.type });
  return { id: event.id, customerId, duplicate, journeysStarted, journeysSignalled };
}
