// Activities of the time-based triggers and segment changes: they find who qualifies, record
// the event that explains why (it shows on the customer's timeline), and enter them.
import { heartbeat } from '@temporalio/activity';
import pMap from 'p-map';
import { findNode, type GraphNode } from '../core/graph.ts';
import { getCampaign, getVersion } from '../db/campaigns.ts';
import { claimSegmentChanges } from '../db/segment-changes.ts';
import {
  type AudienceMember,
  dateAudience,
  inactivityAudience,
  scheduleAudience,
} from '../db/trigger-audiences.ts';
import type { EntryDeps } from '../entry/deps.ts';
import { openPipeline } from '../entry/pipeline.ts';

export interface ScheduledBatchInput {
  campaignId: string;
  nodeId: string;
  /** When the schedule fired: one firing enters each customer once. */
  firedAt: string;
  after?: string;
}

export interface ScheduledBatchResult {
  after?: string;
  entered: number;
  done: boolean;
}

const PAGE = 500;

/** The event recorded for each customer a time-based trigger enters. */
const eventTypeOf: Partial<Record<GraphNode['kind'], string>> = {
  scheduleTrigger: 'scheduled_entry',
  dateTrigger: 'date_reached',
  inactivityTrigger: 'inactivity_reached',
};

function audience(deps: EntryDeps, node: GraphNode, input: ScheduledBatchInput) {
  const page = { after: input.after, limit: PAGE };
  switch (node.kind) {
    case 'scheduleTrigger':
      return scheduleAudience(deps.db, node, input.firedAt, page);
    case 'dateTrigger':
      return dateAudience(deps.db, node, page);
    case 'inactivityTrigger':
      return inactivityAudience(deps.db, node, page);
    default:
      return Promise.resolve<AudienceMember[]>([]);
  }
}

export function scheduledEntryActivities(deps: EntryDeps) {
  return {
    /** Enters one page of a time-based trigger's audience into the campaign's current version. */
    enterScheduledBatch: async (input: ScheduledBatchInput): Promise<ScheduledBatchResult> => {
      const campaign = await getCampaign(deps.db, input.campaignId);
      if (campaign?.status !== 'active' || !campaign.current_version)
        return { entered: 0, done: true };
      const version = await getVersion(deps.db, campaign.id, campaign.current_version);
      const node = version && findNode(version.graph, input.nodeId);
      const type = node && eventTypeOf[node.kind];
      if (!version || !node || !type) return { entered: 0, done: true };
      const members = await audience(deps, node, input);
      let entered = 0;
      const pipeline = openPipeline(deps);
      await pMap(
        members,
        async (m) => {
          const { journeysStarted } = await pipeline.record(
            {
              customerId: m.customerId,
              type,
              properties: { campaignId: campaign.id, nodeId: node.id, occurrence: m.occurrence },
              occurredAt: input.firedAt,
              idempotencyKey: `${type}:${campaign.id}:${node.id}:${m.customerId}:${m.occurrence}`,
              source: 'schedule',
            },
            { version, triggerNodeId: node.id },
          );
          entered += journeysStarted.length;
        },
        { concurrency: 8 },
      );
      heartbeat(members.at(-1)?.customerId);
      return { after: members.at(-1)?.customerId, entered, done: members.length < PAGE };
    },

    /**
     * Turns a batch of segment membership changes into segment_entered / segment_exited events:
     * they start campaigns with those triggers and reach journeys waiting for them.
     */
    dispatchSegmentChanges: async (): Promise<{ dispatched: number }> => {
      const pipeline = openPipeline(deps);
      return claimSegmentChanges(deps.db, PAGE, async (change) => {
        await pipeline.record({
          customerId: change.customer_id,
          type: change.change === 'entered' ? 'segment_entered' : 'segment_exited',
          properties: { segmentId: change.segment_id },
          occurredAt: change.changed_at.toISOString(),
          idempotencyKey: `segment-change:${change.id}`,
          source: 'segments',
        });
      });
    },
  };
}
