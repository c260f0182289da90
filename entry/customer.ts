// Finding the customer an event or receipt names. Everything that can refuse the request is
// checked before anything is written, so a 400 leaves no customer row behind.
import { badRequest } from '../core/errors.ts';
import type { CustomerAttributes } from '../core/customer.ts';
import { upsertCustomerWithChanges } from '../db/customer-upsert.ts';
import { getCustomer, getCustomerByExternalId, type ProfileChanges } from '../db/customers.ts';
import type { EntryDeps } from './deps.ts';

/** How callers name a customer: by Herald ID, by their own external ID, or both. */
export interface CustomerReference {
  customerId?: string;
  externalId?: string;
  customer?: CustomerAttributes;
}

export interface ResolvedCustomer {
  customerId: string;
  /** What the attributes sent changed on an existing profile; null when nothing did. */
  changes: ProfileChanges | null;
  /** The customer is new: made by this reference. */
  created?: boolean;
}

/**
 * Resolves the customer, creating or updating it by external ID. `field` prefixes the names of
 * fields at fault ("events.3.") so a batch can say which item was wrong.
 */
export async function resolveCustomer(
  deps: EntryDeps,
  ref: CustomerReference,
  field = '',
): Promise<ResolvedCustomer> {
  if (ref.externalId !== undefined) {
    if (ref.customerId !== undefined) {
      // An external ID unknown so far would create a new customer, who cannot be customerId.
      const known = await getCustomerByExternalId(deps.db, ref.externalId);
      if (known?.id !== ref.customerId)
        throw badRequest('customerId and externalId name different customers', [
          {
            field: `${field}customerId`,
            message: 'send one of customerId or externalId, or both for the same customer',
          },
        ]);
    }
    const { row, changes, created } = await upsertCustomerWithChanges(
      deps.db,
      ref.externalId,
      ref.customer ?? {},
    );
    return { customerId: row.id, changes, created };
  }
  const row = ref.customerId === undefined ? undefined : await getCustomer(deps.db, ref.customerId);
  if (!row)
    throw badRequest(`No customer has the ID ${ref.customerId}`, [
      {
        field: `${field}customerId`,
        message: 'use the ID of an existing customer, or send externalId to create one',
      },
    ]);
  if (ref.customer)
    throw badRequest('customer attributes need an externalId', [
      {
        field: `${field}customer`,
        message:
          'send externalId with customer attributes, or update the customer through /v1/customers',
      },
    ]);
  return { customerId: row.id, changes: null };
}
