// Campaign entries: the re-entry guard's memory and the index of running journeys.
import type { Knex } from 'knex';
import type { CampaignLimits, ReentryRule } from '../core/graph.ts';
import { reentryDecision } from '../core/reentry.ts';
import type { Db } from './connection.ts';
import { stepsOnce } from './node-counters.ts';

export type EntryStatus =
  'starting' | 'running' | 'completed' | 'converted' | 'exited' | 'stopped' | 'failed';

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
  limits?: CampaignLimits;
  workflowId: (entryNumber: number) => string;
  /**
   * The customer most likely never entered this campaign (they were created by the request that
   * asks): the entry is tried first in one statement, and the full check runs only if it fails.
   */
  likelyFirst?: boolean;
}

export type EntryOutcome = { entered: true; entry: EntryRow } | { entered: false; reason: string };

const OPEN: EntryStatus[] = ['starting', 'running'];

/**
 * Records an entry if the campaign's re-entry rule and daily limit allow it. Two racing events of
 * one customer are serialised by a transaction-scoped advisory lock on (campaign, customer), and
 * the unique (campaign, customer, entry_number) key backs it up; the daily limit takes a lock on
 * the campaign, so only campaigns that set one pay for it.
 */
export async function tryEnter(db: Db, req: EntryRequest): Promise<EntryOutcome> {
  if (req.likelyFirst && req.limits?.maxEntriesPerDay === undefined) {
    const entry = await enterFirstTime(db, req);
    if (entry) return { entered: true, entry };
  }
  return db.transaction(async (trx): Promise<EntryOutcome> => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?), hashtext(?))', [
      req.campaignId,
      req.customerId,
    ]);
    // Test runs of a draft are no entries as far as the rule goes.
    const last = await trx('campaign_entries')
      .where({ campaign_id: req.campaignId, customer_id: req.customerId, test: false })
      .orderBy('entry_number', 'desc')
      .first<EntryRow | undefined>();
    const decision = reentryDecision(
      req.rule,
      {
        count: last?.entry_number ?? 0,
        last: last && { enteredAt: last.entered_at, open: OPEN.includes(last.status) },
      },
      new Date(),
    );
    if (!decision.allowed) return { entered: false, reason: decision.reason };

    const perDay = req.limits?.maxEntriesPerDay;
    if (perDay !== undefined) {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [req.campaignId]);
      const { n } = (await trx('campaign_entries')
        .where({ campaign_id: req.campaignId, test: false })
        .where(
          'entered_at',
          '>=',
          trx.raw("date_trunc('day', now() at time zone 'utc') at time zone 'utc'"),
        )
        .count('* as n')
        .first()) as { n: number };
      if (n >= perDay)
        return { entered: false, reason: `the campaign reached its ${perDay} entries for today` };
    }

    const entryNumber = (last?.entry_number ?? 0) + 1;
    const [entry] = await trx('campaign_entries')
      .insert({
        campaign_id: req.campaignId,
        customer_id: req.customerId,
        entry_number: entryNumber,
        version: req.version,
        workflow_id: req.workflowId(entryNumber),
        trigger_event_id: req.triggerEventId,
      })
      .returning<EntryRow[]>('*');
    return { entered: true, entry: entry! };
  });
}

/**
 * A first entry, which every re-entry rule allows, in one statement instead of a transaction of
 * five. It takes the same advisory lock as tryEnter, so a concurrent tryEnter reads this entry
 * once it is committed; if a concurrent entry was committed first (the statement's snapshot may
 * predate it), the unique keys refuse this one and nothing is returned: tryEnter then decides.
 */
async function enterFirstTime(db: Db, req: EntryRequest): Promise<EntryRow | undefined> {
  const { rows } = await db.raw<{ rows: EntryRow[] }>(
    `with locked as (select pg_advisory_xact_lock(hashtext(?), hashtext(?)))
     insert into campaign_entries
       (campaign_id, customer_id, entry_number, version, workflow_id, trigger_event_id)
     select ?, ?, 1, ?, ?, ? from locked
     where not exists (
       select 1 from campaign_entries where campaign_id = ? and customer_id = ? and not test
     )
     on conflict do nothing
     returning *`,
    [
      req.campaignId,
      req.customerId,
      req.campaignId,
      req.customerId,
      req.version,
      req.workflowId(1),
      req.triggerEventId,
      req.campaignId,
      req.customerId,
    ],
  );
  return rows[0];
}

/** Forgets an entry whose journey could not be started, so that the event can be retried. */
export async function deleteEntry(db: Db, id: string): Promise<void> {
  await db('campaign_entries').where({ id, status: 'starting' }).delete();
}

/**
 * Marks an entry running once its journey has started, and answers its campaign's status, in
 * one round trip. Only a 'starting' entry changes: a journey fast enough to have finished
 * already keeps its outcome.
 */
export async function markJourneyStarted(
  db: Db,
  entryId: string,
  campaignId: string,
): Promise<string | undefined> {
  const { rows } = await db.raw<{ rows: { status: string }[] }>(
    `with started as (
       update campaign_entries set status = 'running', started_at = coalesce(started_at, now())
       where id = ? and status = 'starting'
     )
     select status from campaigns where id = ?`,
    [entryId, campaignId],
  );
  return rows[0]?.status;
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
      ...(change.status !== undefined &&
        !OPEN.includes(change.status) && { finished_at: db.fn.now() }),
      ...(change.currentNode !== undefined && { current_node: change.currentNode }),
    });
}

/** A journey's end, written by its last send when only an exit follows it. */
export interface EntryFinish {
  workflowId: string;
  status: 'completed';
  /** The steps from the send to the end, counted with the finish. */
  steps?: Parameters<typeof stepsOnce>[2];
}

/**
 * Marks the entry finished and counts its last steps, in one statement, once: a retried send
 * finds the entry finished and counts nothing again. An entry that finished otherwise meanwhile
 * (its journey met the goal during the send and recorded that) keeps its outcome.
 */
export async function finishEntry(db: Db, finish: EntryFinish): Promise<void> {
  let q = db.queryBuilder();
  for (const [name, statement] of Object.entries(finishing(db, finish)))
    q = q.with(name, statement);
  await q.select('id').from('finished');
}

/**
 * The statements of finishEntry as named parts of a bigger statement, so that a send records its
 * message's status and its journey's end at once: "finished" (the entry's id, when this finished
 * it) and "counted" (its last steps, only then).
 */
export function finishing(db: Db, finish: EntryFinish): Record<string, Knex.Raw> {
  const counted = finish.steps && stepsOnce(db, 'finished', finish.steps).counted;
  return {
    finished: db.raw(
      `update campaign_entries set status = ?, finished_at = now(), current_node = null
       where workflow_id = ? and finished_at is null returning id`,
      [finish.status, finish.workflowId],
    ),
    ...(counted && { counted }),
  };
}

/** Workflow IDs of a campaign's journeys that have not finished. */
export async function openJourneysOfCampaign(db: Db, campaignId: string): Promise<string[]> {
  const rows = await db('campaign_entries')
    .where({ campaign_id: campaignId })
    .whereIn('status', OPEN)
    .select<{ workflow_id: string }[]>('workflow_id');
  return rows.map((r) => r.workflow_id);
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
    .where({ 'e.campaign_id': campaignId, 'e.test': false })
    .select<EntryListRow[]>('e.*', 'c.first_name', 'c.last_name', 'c.email', 'c.external_id')
    .orderBy('e.entered_at', 'desc')
    .limit(opts.limit);
  if (opts.status) void q.whereIn('e.status', opts.status);
  return q;
}

/** How many journeys are open on each version of a campaign. */
export async function openJourneysByVersion(
  db: Db,
  campaignId: string,
): Promise<{ version: number; journeys: number }[]> {
  return db('campaign_entries')
    .where({ campaign_id: campaignId, test: false })
    .whereIn('status', OPEN)
    .groupBy('version')
    .orderBy('version')
    .select<{ version: number; journeys: number }[]>(
      'version',
      db.raw('count(*)::int as journeys'),
    );
}

export async function getEntryByWorkflowId(
  db: Db,
  workflowId: string,
): Promise<EntryRow | undefined> {
  return db('campaign_entries').where({ workflow_id: workflowId }).first<EntryRow | undefined>();
}

/** How many journeys of a campaign are in each status (running, converted, exited...). */
export async function journeysByStatus(
  db: Db,
  campaignId: string,
): Promise<{ status: EntryStatus; journeys: number }[]> {
  return db('campaign_entries')
    .where({ campaign_id: campaignId, test: false })
    .groupBy('status')
    .select<{ status: EntryStatus; journeys: number }[]>(
      'status',
      db.raw('count(*)::int as journeys'),
    );
}
