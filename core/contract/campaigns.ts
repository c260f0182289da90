// Campaigns: drafts, publishing immutable versions, lifecycle actions, stats and journeys.
import { z } from 'zod';
import { CampaignStatus, CreateCampaign } from '../campaign.ts';
import { DraftGraph } from '../graph-problems.ts';
import { IsoTime } from '../event.ts';
import { CampaignGraph } from '../graph.ts';
import { Problem, Timestamp } from './common.ts';

export const CampaignParams = z.object({ id: z.uuid('use a campaign ID (a UUID)') });
export type CampaignParams = z.infer<typeof CampaignParams>;
export const VersionParams = CampaignParams.extend({
  version: z.coerce
    .number()
    .int()
    .min(1, 'versions start at 1')
    .max(2 ** 31 - 1, 'no campaign has that many versions'),
});
export type VersionParams = z.infer<typeof VersionParams>;

/** A campaign may start from an empty canvas: the graph is drawn afterwards. */
export const NewCampaign = CreateCampaign.extend({ graph: CampaignGraph.optional() });
export type NewCampaign = z.infer<typeof NewCampaign>;

export const SaveDraft = z.object({
  graph: DraftGraph,
  /**
   * The campaign's updatedAt when this editor loaded or last saved it: a draft changed since
   * (another tab, another marketer) is not overwritten; the answer is 409.
   */
  baseUpdatedAt: IsoTime().optional(),
});
export type SaveDraft = z.infer<typeof SaveDraft>;

export const EntryStatus = z.enum([
  'starting',
  'running',
  'completed',
  'converted',
  'exited',
  'stopped',
  'failed',
]);
export type EntryStatus = z.infer<typeof EntryStatus>;

export const EntriesQuery = z.object({
  /** "open" is starting or running. */
  status: z.union([EntryStatus, z.literal('open')]).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Only the open journeys standing at this node now (the live view's node list). */
  node: z.string().min(1).optional(),
});
export type EntriesQuery = z.infer<typeof EntriesQuery>;

export const LifecycleAction = z.enum(['publish', 'pause', 'resume', 'stop', 'archive']);
export type LifecycleAction = z.infer<typeof LifecycleAction>;

const CampaignBase = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  folder: z.string().nullable(),
  status: CampaignStatus,
  currentVersion: z.number().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** A row of the campaign list, with what the calendar needs. */
export const CampaignSummary = CampaignBase.extend({
  runningJourneys: z.number(),
  /** Journeys ever started (test runs left out). */
  entries: z.number(),
  /** Messages sent by its journeys (test runs left out). */
  sends: z.number(),
  /** Receipts within the attribution window after one of its sends (db/campaign-numbers.ts). */
  conversions: z.number(),
  /** When the campaign takes entries (its live version's dates, else the draft's). */
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  publishedAt: Timestamp.nullable(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;

/** A campaign with its draft as drawn and what still stops it from being published. */
export const CampaignDraft = CampaignBase.extend({ draft: DraftGraph, problems: z.array(Problem) });
export type CampaignDraft = z.infer<typeof CampaignDraft>;

export const CampaignDetail = CampaignDraft.extend({
  versions: z.array(
    z.object({
      version: z.number(),
      note: z.string().nullable(),
      publishedAt: Timestamp,
      runningJourneys: z.number(),
    }),
  ),
  /** The lifecycle buttons to show now, each with what it does to journeys in flight. */
  actions: z.array(z.object({ action: LifecycleAction, effect: z.string() })),
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

export const CampaignList = z.object({ campaigns: z.array(CampaignSummary) });
export type CampaignList = z.infer<typeof CampaignList>;
export const CampaignDraftAnswer = z.object({ campaign: CampaignDraft });
export type CampaignDraftAnswer = z.infer<typeof CampaignDraftAnswer>;
export const CampaignDetailAnswer = z.object({ campaign: CampaignDetail });
export type CampaignDetailAnswer = z.infer<typeof CampaignDetailAnswer>;

export const CampaignVersion = z.object({
  version: z.number(),
  note: z.string().nullable(),
  publishedAt: Timestamp,
  graph: CampaignGraph,
});
export type CampaignVersion = z.infer<typeof CampaignVersion>;

export const VersionAnswer = z.object({ version: CampaignVersion });
export type VersionAnswer = z.infer<typeof VersionAnswer>;
/** A new version, and the Temporal Schedules its time-based triggers now fire from. */
export const Published = VersionAnswer.extend({ schedules: z.array(z.string()) });
export type Published = z.infer<typeof Published>;

/** What a lifecycle action did: the new status, and the journeys it reached. */
export const LifecycleResult = z.object({
  campaign: z.object({ id: z.uuid(), status: CampaignStatus }),
  journeys: z.object({ affected: z.number(), effect: z.string() }),
});
export type LifecycleResult = z.infer<typeof LifecycleResult>;

/** GET /v1/campaigns/{id}/stats: the live view's counters. */
export const CampaignStats = z.object({
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      entered: z.number(),
      waiting: z.number(),
      sent: z.number(),
      /** Journeys that met the campaign's goal while at this step. */
      converted: z.number(),
      exits: z.record(z.string(), z.number()),
    }),
  ),
  journeys: z.record(z.string(), z.number()),
});
export type CampaignStats = z.infer<typeof CampaignStats>;

export const Journey = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  customerExternalId: z.string().nullable(),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  entryNumber: z.number(),
  version: z.number(),
  status: EntryStatus,
  currentNode: z.string().nullable(),
  workflowId: z.string(),
  enteredAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  temporalUrl: z.string(),
});
export type Journey = z.infer<typeof Journey>;

export const Entries = z.object({ entries: z.array(Journey) });
export type Entries = z.infer<typeof Entries>;
