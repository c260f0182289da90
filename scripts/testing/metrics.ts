// What an analyst reads of a customer: the metrics on the profile, found by external ID.
import assert from 'node:assert/strict';
import type { CustomerMetrics } from '../../core/rfm.ts';
import type { Harness } from './harness.ts';

const DAY = 86_400_000;

/** An ISO time so many days (fractions allowed) before now. */
export const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

export async function customerIdOf(h: Harness, externalId: string): Promise<string> {
  const c = await h.db('customers').where({ external_id: externalId }).first('id');
  assert.ok(c, `customer ${externalId} exists`);
  return c.id as string;
}

/** The profile's metrics of the customer with this external ID. */
export async function metricsOf(h: Harness, externalId: string): Promise<CustomerMetrics> {
  const res = await h.api(`/v1/customers/${await customerIdOf(h, externalId)}/profile`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.metrics as CustomerMetrics;
}
