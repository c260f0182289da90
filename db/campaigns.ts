// Campaigns, their drafts and their immutable published versions.
import type { CampaignGraph } from '../core/graph.ts';
import { triggerEventTypes } from '../core/graph.ts';
import type { CampaignStatus } from '../core/campaign.ts';
import type { DraftGraph } from '../core/graph-problems.ts';
import type { Db } from './connection.ts';
import type { EntryListRow } from './entries.ts';

export interface CampaignRow {
  id: string;
  name: string;
  description: string | null;
  folder: string | null;
  status: CampaignStatus;
  /** The graph being drawn: saved as it is, checked strictly only when published. */
  draft: DraftGraph;
  current_version: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface VersionRow {
  campaign_id: string;
  version: number;
  graph: CampaignGraph;
  trigger_types: string[];
  note: string | null;
  published_at: Date;
}

export async function createCampaign(
  db: Db,
  input: { name: string; description?: string; folder?: string | null; graph: DraftGraph },
): Promise<CampaignRow> {
  const [row] = await db('campaigns')
    .insert({
      name: input.name,
      description: input.description ?? null,
      folder: input.folder ?? null,
      draft: JSON.stringify(input.graph),
    })
    .returning<CampaignRow[]>('*');
  return row!;
}

export async function updateCampaignDraft(
  db: Db,
  id: string,
  input: { name?: string; description?: string; folder?: string | null; graph?: DraftGraph },
  /** Saves only if the campaign was last changed at this time (to the millisecond, as JS sees it). */
  ifUpdatedAt?: Date,
): Promise<CampaignRow | undefined> {
  const q = db('campaigns').where({ id });
  if (ifUpdatedAt)
    void q.whereRaw("date_trunc('milliseconds', updated_at) = ?::timestamptz", [ifUpdatedAt]);
  const [row] = await q
    .update({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.folder !== undefined && { folder: input.folder }),
      ...(input.graph !== undefined && { draft: JSON.stringify(input.graph) }),
      updated_at: db.fn.now(),
    })
    .returning<CampaignRow[]>('*');
  return row;
}

export async function getCampaign(db: Db, id: string): Promise<CampaignRow | undefined> {
  return db('campaigns').where({ id }).first<CampaignRow | undefined>();
}

/** A campaign in the list: its open journeys, and its schedule (the live version's, else the draft's). */
export type CampaignListRow = CampaignRow & {
  running_journeys: number;
  starts_at: string | null;
  ends_at: string | null;
  published_at: Date | null;
};

export async function listCampaigns(db: Db): Promise<CampaignListRow[]> {
  return db('campaigns as c')
    .leftJoin('campaign_versions as v', function () {
      this.on('v.campaign_id', 'c.id').andOn('v.version', 'c.current_version');
    })
    .select('c.*', 'v.published_at')
    .select(
      db.raw("coalesce(v.graph, c.draft)->>'startsAt' as starts_at"),
      db.raw("coalesce(v.graph, c.draft)->>'endsAt' as ends_at"),
    )
    .select(
      db('campaign_entries as e')
        .count('*')
        .whereRaw('e.campaign_id = c.id and not e.test')
        .whereIn('e.status', ['starting', 'running'])
        .as('running_journeys'),
    )
    .orderBy('c.created_at', 'desc');
}

export async function listVersions(
  db: Db,
  campaignId: string,
): Promise<Omit<VersionRow, 'graph'>[]> {
  return db('campaign_versions')
    .select('campaign_id', 'version', 'trigger_types', 'note', 'published_at')
    .where({ campaign_id: campaignId })
    .orderBy('version', 'desc');
}

export async function getVersion(
  db: Db,
  campaignId: string,
  version: number,
): Promise<VersionRow | undefined> {
  return db('campaign_versions')
    .where({ campaign_id: campaignId, version })
    .first<VersionRow | undefined>();
}

/**
 * Freezes the draft as the next version and makes the campaign active. Row-locks the campaign
 * so that two publishes at once get consecutive numbers.
 */
export async function publishCampaign(
  db: Db,
  id: string,
  graph: CampaignGraph,
  note?: string,
  status: CampaignStatus = 'active',
): Promise<VersionRow> {
  return db.transaction(async (trx) => {
    const campaign = await trx('campaigns').where({ id }).forUpdate().first<CampaignRow>();
    const version = (campaign.current_version ?? 0) + 1;
    const [row] = await trx('campaign_versions')
      .insert({
        campaign_id: id,
        version,
        graph: JSON.stringify(graph),
        trigger_types: triggerEventTypes(graph),
        note: note ?? null,
      })
      .returning<VersionRow[]>('*');
    await trx('campaigns')
      .where({ id })
      .update({ current_version: version, status, updated_at: trx.fn.now() });
    return row!;
  });
}

/**
 * Moves a campaign from one status to another, only if it still has the status the caller saw:
 * two people pressing different buttons at once cannot both win.
 */
export async function changeCampaignStatus(
  db: Db,
  id: string,
  from: CampaignStatus,
  to: CampaignStatus,
): Promise<CampaignRow | undefined> {
  const [row] = await db('campaigns')
    .where({ id, status: from })
    .update({ status: to, updated_at: db.fn.now() })
    .returning<CampaignRow[]>('*');
  return row;
}

/**
 * The current versions of active campaigns that event triggers can start. The entry pipeline
 * reads them once per batch and matches each event's type in memory.
 */
export async function activeTriggeredVersions(db: Db): Promise<VersionRow[]> {
  return db('campaigns as c')
    .join('campaign_versions as v', function () {
      this.on('v.campaign_id', 'c.id').andOn('v.version', 'c.current_version');
    })
    .where('c.status', 'active')
    .whereRaw('cardinality(v.trigger_types) > 0')
    .select<VersionRow[]>('v.*');
}

/** The open journeys of a campaign standing at one node now, newest first. */
export async function journeysAtNode(
  db: Db,
  campaignId: string,
  nodeId: string,
  limit: number,
): Promise<EntryListRow[]> {
  return db('campaign_entries as e')
    .join('customers as c', 'c.id', 'e.customer_id')
    .where({ 'e.campaign_id': campaignId, 'e.current_node': nodeId, 'e.test': false })
    .whereIn('e.status', ['starting', 'running'])
    .select<EntryListRow[]>('e.*', 'c.first_name', 'c.last_name', 'c.email', 'c.external_id')
    .orderBy('e.entered_at', 'desc')
    .limit(limit);
}
