// The global control group (issue 15): a stable share of customers, by a hash of their ID
// (herald_control_bucket, migration 0180), who receive no marketing at all, so that uplift
// reports can compare them with everyone else. The share is the contact policy's
// controlGroupPercent; changing it moves customers in or out at the edge of the hash range only.
import { createHash } from 'node:crypto';
import type { Db } from './connection.ts';

/** The customer's bucket, 0 to 9999: the same number herald_control_bucket() gives in SQL. */
export function controlBucket(customerId: string): number {
  const hex = createHash('md5').update(`control:${customerId}`).digest('hex').slice(0, 8);
  return parseInt(hex, 16) % 10000;
}

/** Whether the customer is in the global control group now. */
export async function inGlobalControlGroup(db: Db, customerId: string): Promise<boolean> {
  const row = await db('contact_policy')
    .where({ id: 1 })
    .first<{ control_group_percent: string }>('control_group_percent');
  return controlBucket(customerId) < Number(row?.control_group_percent ?? 0) * 100;
}

/** The customers of the global control group, as a query to join or count (the view of 0180). */
export const globalControlGroup = (db: Db) =>
  db('global_control_group').select<{ customer_id: string }[]>('customer_id');

/** A SQL condition on a customer ID column: in the global control group. */
export const inControlGroupSql = (idColumn: string) =>
  `herald_control_bucket(${idColumn}) < (select control_group_percent * 100 from contact_policy where id = 1)`;
