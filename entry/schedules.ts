// Temporal Schedules behind the time-based triggers. Publishing a campaign creates or updates a
// schedule per time-based trigger node ("campaign:<id>:<node>"); pausing pauses them; stopping
// or archiving deletes them. Ops see them in the Temporal UI's Schedules page.
import {
  type DayOfWeek,
  MONTHS,
  type ScheduleOptions,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleSpec,
  DAYS_OF_WEEK,
} from '@temporalio/client';
import type { GraphNode } from '../core/graph.ts';
import { getCampaign, getVersion, listVersions } from '../db/campaigns.ts';
import type { EntryDeps } from './deps.ts';

export const campaignScheduleId = (campaignId: string, nodeId: string) =>
  `campaign:${campaignId}:${nodeId}`;

const hm = (time: string) => ({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)) });
// ISO weekdays (1 Monday ... 7 Sunday) to Temporal's names (Sunday first).
const weekday = (d: number): DayOfWeek => DAYS_OF_WEEK[d % 7]!;

/** When a time-based trigger fires; undefined for event triggers. */
export function scheduleSpecOf(node: GraphNode): ScheduleSpec | undefined {
  switch (node.kind) {
    case 'scheduleTrigger': {
      if (node.at) {
        const at = new Date(node.at);
        return {
          calendars: [
            {
              year: at.getUTCFullYear(),
              month: MONTHS[at.getUTCMonth()]!,
              dayOfMonth: at.getUTCDate(),
              hour: at.getUTCHours(),
              minute: at.getUTCMinutes(),
              second: at.getUTCSeconds(),
            },
          ],
        };
      }
      const every = node.every!;
      const time = hm(every.time);
      const days = every.days ?? [];
      return {
        calendars: [
          every.frequency === 'weekly'
            ? { ...time, dayOfWeek: days.map(weekday) }
            : every.frequency === 'monthly'
              ? { ...time, dayOfMonth: days }
              : time,
        ],
        timezone: node.timeZone ?? 'UTC',
      };
    }
    // Each customer's local time differs: look every 15 minutes for whoever's moment has come.
    case 'dateTrigger':
      return { intervals: [{ every: '15 minutes' }] };
    case 'inactivityTrigger':
      return { intervals: [{ every: '1 hour' }] };
    default:
      return undefined;
  }
}

function scheduleOptions(deps: EntryDeps, campaignId: string, node: GraphNode, spec: ScheduleSpec) {
  return {
    scheduleId: campaignScheduleId(campaignId, node.id),
    spec,
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'scheduledEntryWorkflow',
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [{ campaignId, nodeId: node.id }],
      workflowId: `scheduled-entry:${campaignId}:${node.id}`,
    },
    // A one-off date fires once; a recurring one for as long as the campaign is active.
    ...(node.kind === 'scheduleTrigger' && node.at && { state: { remainingActions: 1 } }),
  } satisfies ScheduleOptions;
}

/**
 * Brings the campaign's schedules in line with its current version and status. Returns the
 * schedule IDs that exist afterwards.
 */
export async function syncCampaignSchedules(
  deps: EntryDeps,
  campaignId: string,
): Promise<string[]> {
  const campaign = await getCampaign(deps.db, campaignId);
  if (!campaign) return [];
  const version = campaign.current_version
    ? await getVersion(deps.db, campaignId, campaign.current_version)
    : undefined;
  const status = campaign.status;
  const live = status === 'active' || status === 'paused';
  const wanted = new Map<string, { node: GraphNode; spec: ScheduleSpec }>();
  for (const node of live ? (version?.graph.nodes ?? []) : []) {
    const spec = scheduleSpecOf(node);
    if (spec) wanted.set(campaignScheduleId(campaignId, node.id), { node, spec });
  }
  // Any version may have had time-based triggers that the current one dropped.
  const previous = new Set<string>();
  for (const v of await listVersions(deps.db, campaignId)) {
    const graph = (await getVersion(deps.db, campaignId, v.version))?.graph;
    for (const node of graph?.nodes ?? [])
      if (scheduleSpecOf(node)) previous.add(campaignScheduleId(campaignId, node.id));
  }
  for (const id of previous) if (!wanted.has(id)) await deleteQuietly(deps, id);
  const client = deps.temporal.schedule;
  for (const [id, { node, spec }] of wanted) {
    const options = scheduleOptions(deps, campaignId, node, spec);
    try {
      await client.create(options);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.getHandle(id).update((prev) => ({ ...prev, spec, action: options.action }));
    }
    const handle = client.getHandle(id);
    if (status === 'paused') await handle.pause('campaign paused');
    else await handle.unpause('campaign active');
  }
  return [...wanted.keys()];
}

async function deleteQuietly(deps: EntryDeps, scheduleId: string) {
  try {
    await deps.temporal.schedule.getHandle(scheduleId).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

/** Herald's own schedules: the segment-change dispatcher, the RFM ranking, the daily upkeep. */
const HERALD_SCHEDULES = [
  {
    scheduleId: 'herald:segment-changes',
    spec: { intervals: [{ every: '1 minute' }] },
    workflowType: 'segmentChangesWorkflow',
  },
  {
    // Ranks RFM again when customers were scored against stale breakpoints since the last one.
    scheduleId: 'herald:rfm-ranking',
    spec: { intervals: [{ every: '15 minutes' }] },
    workflowType: 'rfmRankingWorkflow',
  },
  {
    // The analytics snapshots and the attribution of new receipts (issue 16).
    scheduleId: 'herald:report-snapshots',
    spec: { intervals: [{ every: '1 hour' }] },
    workflowType: 'reportSnapshotsWorkflow',
  },
  {
    scheduleId: 'herald:daily',
    spec: { calendars: [{ hour: 3, minute: 0 }] },
    workflowType: 'dailyMaintenanceWorkflow',
  },
] satisfies { scheduleId: string; spec: ScheduleSpec; workflowType: string }[];

/** Creates Herald's own schedules where they are missing. */
export async function ensureHeraldSchedules(deps: EntryDeps): Promise<void> {
  for (const s of HERALD_SCHEDULES) {
    try {
      await deps.temporal.schedule.create({
        scheduleId: s.scheduleId,
        spec: s.spec,
        action: {
          type: 'startWorkflow',
          workflowType: s.workflowType,
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          args: [],
          workflowId: s.scheduleId,
        },
      });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
}
