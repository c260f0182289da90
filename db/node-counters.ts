// Per-node counters: written by journeys as they move, read by the canvas's live view.
import type { Db } from './connection.ts';

const ENTERED = '';
/** Journeys that met the goal after passing the node (no exit name can contain "*"). */
const CONVERTED = '*converted';

export interface StepRecord {
  campaignId: string;
  version: number;
  /** The node the journey just left, and by which exit ("goto" for a go-to). */
  left?: { nodeId: string; exit: string };
  /** The node the journey enters now. */
  entered?: string;
}

/** Counts one step of one journey in a single statement. */
export async function countStep(db: Db, step: StepRecord): Promise<void> {
  const rows = [
    ...(step.left ? [{ node_id: step.left.nodeId, exit: step.left.exit }] : []),
    ...(step.entered ? [{ node_id: step.entered, exit: ENTERED }] : []),
  ].map((r) => ({ campaign_id: step.campaignId, version: step.version, ...r, count: 1 }));
  if (rows.length === 0) return;
  await db('campaign_node_counters')
    .insert(rows)
    .onConflict(['campaign_id', 'version', 'node_id', 'exit'])
    .merge({ count: db.raw('campaign_node_counters.count + 1') });
}

/** Counts one conversion on every node the journey passed through. */
export async function countConversion(
  db: Db,
  input: { campaignId: string; version: number; nodeIds: string[] },
): Promise<void> {
  if (input.nodeIds.length === 0) return;
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
  const waiting = db('campaign_entries')
    .where({ campaign_id: campaignId })
    .whereIn('status', ['starting', 'running'])
    .whereNotNull('current_node')
    .groupBy('current_node')
    .select<{ current_node: string; n: number }[]>('current_node', db.raw('count(*)::int as n'));
  const sent = db('messages')
    .where({ campaign_id: campaignId, status: 'sent' })
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
