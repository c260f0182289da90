// Per-node counters: written by journeys as they move, read by the canvas's live view.
import type { Knex } from 'knex';
import { TEST_RUN_VERSION } from '../core/test-runs.ts';
import type { Db } from './connection.ts';

const ENTERED = '';
/** Journeys that met the goal after passing the node (no exit name can contain "*"). */
const CONVERTED = '*converted';

/** One step of a journey: the node it left (by which exit), the node it entered, or both. */
export interface Step {
  /** The node the journey just left, and by which exit ("goto" for a go-to). */
  left?: { nodeId: string; exit: string };
  /** The node the journey enters now. */
  entered?: string;
}

export interface StepRecord extends Step {
  campaignId: string;
  version: number;
}

/** Counts one step of one journey in a single statement. */
export async function countStep(db: Db, step: StepRecord): Promise<void> {
  await countSteps(db, { campaignId: step.campaignId, version: step.version, steps: [step] });
}

/**
 * Counts several steps of one journey in a single statement (a journey that runs through
 * nodes without waiting records them together). Steps through one node and exit are summed
 * first: one statement may not update a row twice.
 */
export async function countSteps(
  db: Db,
  input: { campaignId: string; version: number; steps: Step[] },
): Promise<void> {
  const rows = stepCounts(input);
  if (rows.length === 0) return;
  await db('campaign_node_counters')
    .insert(rows)
    .onConflict(['campaign_id', 'version', 'node_id', 'exit'])
    .merge({ count: db.raw('campaign_node_counters.count + excluded.count') });
}

/** The counter rows a journey's steps add to, one per node and exit. */
function stepCounts(input: { campaignId: string; version: number; steps: Step[] }) {
  // A test run of the draft counts on no counter: they sum every version of the campaign.
  if (input.version === TEST_RUN_VERSION) return [];
  const counts = new Map<string, { node_id: string; exit: string; count: number }>();
  const add = (node_id: string, exit: string) => {
    const key = JSON.stringify([node_id, exit]);
    const row = counts.get(key) ?? { node_id, exit, count: 0 };
    row.count++;
    counts.set(key, row);
  };
  for (const step of input.steps) {
    if (step.left) add(step.left.nodeId, step.left.exit);
    if (step.entered) add(step.entered, ENTERED);
  }
  return [...counts.values()].map((r) => ({
    campaign_id: input.campaignId,
    version: input.version,
    ...r,
  }));
}

/**
 * The statements that record a journey's steps (its counters, the node it stands at, its entry
 * running), as common table expressions that act only when `cte` returned a row. A send that
 * carries the steps before it records them with its claim, in one statement: exactly once,
 * however often the send is retried.
 */
export function stepsOnce(
  db: Db,
  cte: string,
  input: { workflowId: string; campaignId: string; version: number; steps: Step[] },
): Record<string, Knex.Raw> {
  const rows = stepCounts(input);
  const entered = input.steps.findLast((s) => s.entered !== undefined)?.entered;
  return {
    ...(rows.length > 0 && {
      counted: db.raw(
        `insert into campaign_node_counters (campaign_id, version, node_id, exit, count)
         select r.campaign_id, r.version, r.node_id, r.exit, r.count
         from jsonb_to_recordset(?::jsonb)
           as r(campaign_id uuid, version int, node_id text, exit text, count int)
         where exists (select 1 from ??)
         on conflict (campaign_id, version, node_id, exit)
         do update set count = campaign_node_counters.count + excluded.count`,
        [JSON.stringify(rows), cte],
      ),
    }),
    ...(entered !== undefined && {
      stands: db.raw(
        `update campaign_entries set current_node = ?
         where workflow_id = ? and exists (select 1 from ??)`,
        [entered, input.workflowId, cte],
      ),
    }),
  };
}

/** Counts one conversion on every node the journey passed through. */
export async function countConversion(
  db: Db,
  input: { campaignId: string; version: number; nodeIds: string[] },
): Promise<void> {
  if (input.nodeIds.length === 0 || input.version === TEST_RUN_VERSION) return;
  await db('campaign_node_counters')
    .insert(
      input.nodeIds.map((nodeId) => ({
        campaign_id: input.campaignId,
        version: input.version,
        node_id: nodeId,
        exit: CONVERTED,
        count: 1,
      })),
    )
    .onConflict(['campaign_id', 'version', 'node_id', 'exit'])
    .merge({ count: db.raw('campaign_node_counters.count + 1') });
}

export interface NodeStats {
  nodeId: string;
  entered: number;
  exits: Record<string, number>;
  waiting: number;
  sent: number;
  /** Journeys that passed through the node and then met the campaign's goal. */
  converted: number;
}

export const emptyStats = (nodeId: string): NodeStats => ({
  nodeId,
  entered: 0,
  exits: {},
  waiting: 0,
  sent: 0,
  converted: 0,
});

/**
 * Every node's counters for a campaign, summed over its versions: a node keeps its ID from one
 * version to the next, so its numbers carry on when the campaign is edited.
 */
export async function nodeStats(db: Db, campaignId: string): Promise<NodeStats[]> {
  const counters = db('campaign_node_counters')
    .where({ campaign_id: campaignId })
    .groupBy('node_id', 'exit')
    .select<{ node_id: string; exit: string; count: number }[]>(
      'node_id',
      'exit',
      db.raw('sum(count)::int as count'),
    );
  // Test runs of the draft are left out: they are the tester's, not the campaign's.
  const waiting = db('campaign_entries')
    .where({ campaign_id: campaignId, test: false })
    .whereIn('status', ['starting', 'running'])
    .whereNotNull('current_node')
    .groupBy('current_node')
    .select<{ current_node: string; n: number }[]>('current_node', db.raw('count(*)::int as n'));
  const sent = db('messages')
    .where({ campaign_id: campaignId, status: 'sent', test: false })
    .groupBy('node_id')
    .select<{ node_id: string; n: number }[]>('node_id', db.raw('count(*)::int as n'));
  const [counted, waitingRows, sentRows] = await Promise.all([counters, waiting, sent]);
  const stats = new Map<string, NodeStats>();
  const of = (nodeId: string) => {
    let s = stats.get(nodeId);
    if (!s) stats.set(nodeId, (s = emptyStats(nodeId)));
    return s;
  };
  for (const c of counted) {
    if (c.exit === ENTERED) of(c.node_id).entered = c.count;
    else if (c.exit === CONVERTED) of(c.node_id).converted = c.count;
    else of(c.node_id).exits[c.exit] = c.count;
  }
  for (const w of waitingRows) of(w.current_node).waiting = w.n;
  for (const m of sentRows) if (m.node_id) of(m.node_id).sent = m.n;
  return [...stats.values()];
}
