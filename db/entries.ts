// Campaign entries: the re-entry guard's memory and the index of running journeys.
import type { ReentryRule } from '../core/graph.ts';
import { assertNever } from '../core/graph.ts';
import type { Db } from './connection.ts';

export type EntryStatus = 'starting' | 'running' | 'completed' | 'failed';

export interface EntryRow {
  id: string;
  campaign_id: string;
  customer_id: string;
  entry_number: number;
  version: number;
  workflow_id: string;
  trigger_event_id: string | null;
  status: EntryStatus;
  current_node: string | null;
  entered_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface EntryRequest {
  campaignId: string;
  customerId: string;
  version: number;
  triggerEventId: string | null;
  rule: ReentryRule;
  workflowId: (entryNumber: number) => string;
}

/**
 * Records an entry if the campaign's re-entry rule allows it, or returns undefined. The unique
 * (campaign, customer, entry_number) key makes two racing events resolve to one entry.
 */
export async function tryEnter(db: Db, req: EntryRequest): Promise<EntryRow | undefined> {
  switch (req.rule.kind) {
    case 'once': {
      const [row] = await db('campaign_entries')
        .insert({
          campaign_id: req.campaignId,
          customer_id: req.customerId,
          entry_number: 1,
          version: req.version,
          workflow_id: req.workflowId(1),
          trigger_event_id: req.triggerEventId,
        })
        // No conflict target: the workflow_id key is unique too (it is derived from the same
        // three values), and a racing insert may trip either index first.
        .onConflict()
        .ignore()
        .returning<EntryRow[]>('*');
      return row;
    }
    default:
      return assertNever(req.rule.kind);
  }
}

/** Forgets an entry whose journey could not be started, so that the event can be retried. */
export async function deleteEntry(db: Db, id: string): Promise<void> {
  await db('campaign_entries').where({ id, status: 'starting' }).delete();
}

export async function markEntry(
  db: Db,
  workflowId: string,
  change: { status?: EntryStatus; currentNode?: string | null },
): Promise<void> {
  await db('campaign_entries')
    .where({ workflow_id: workflowId })
    .update({
      ...(change.status && { status: change.status }),
      ...(change.status === 'running' && { started_at: db.raw('coalesce(started_at, now())') }),
      ...((change.status === 'completed' || change.status === 'failed') && {
        finished_at: db.fn.now(),
      }),
      ...(change.currentNode !== undefined && { current_node: change.currentNode }),
    });
}

/** Workflow IDs of this customer's journeys that have not finished. */
export async function openJourneysOf(db: Db, customerId: string): Promise<string[]> {
  const rows = await db('campaign_entries')
    .where({ customer_id: customerId })
    .whereIn('status', ['starting', 'running'])
    .select<{ workflow_id: string }[]>('workflow_id');
  return rows.map((r) => r.workflow_id);
}

export interface EntryListRow extends EntryRow {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  external_id: string | null;
}

export async function listEntries(
  db: Db,
  campaignId: string,
  opts: { status?: EntryStatus[]; limit: number },
): Promise<EntryListRow[]> {
  const q = db('campaign_entries as e')
    .join('customers as c', 'c.id', 'e.customer_id')
    .where('e.campaign_id', campaignId)
    .select<EntryListRow[]>('e.*', 'c.first_name', 'c.last_name', 'c.email', 'c.external_id')
    .orderBy('e.entered_at', 'desc')
    .limit(opts.limit);
  if (opts.status) void q.whereIn('e.status', opts.status);
  return q;
}
