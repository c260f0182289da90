// Entering customers into campaigns and reaching their journeys. DESIGN decision 3: a stored
// event starts every active campaign whose trigger matches it and reaches every open journey of
// its customer. The api calls this for events and manual entries; the worker's trigger
// activities for schedules, dates, inactivity and segment changes.
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  type WorkflowHandle,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import pMap from 'p-map';
import { eventMatches } from '../core/conditions.ts';
import { HeraldError } from '../core/errors.ts';
import { journeyWorkflowId } from '../core/ids.ts';
import { journeysStarted } from '../core/telemetry.ts';
import { campaignAdmits } from '../core/reentry.ts';
import type { VersionRow } from '../db/campaigns.ts';
import { getCustomer } from '../db/customers.ts';
import {
  deleteEntry,
  markJourneyStarted,
  openJourneysOf,
  openJourneysOfCampaign,
  tryEnter,
} from '../db/entries.ts';
import {
  campaignPausedSignal,
  customerEventSignal,
  JOURNEY_WORKFLOW_TYPE,
  type JourneyEvent,
  type JourneyInput,
} from '../workflows/journey-api.ts';
import {
  CampaignIdKey,
  CampaignVersionKey,
  CustomerIdKey,
  journeySearchAttributeKeys,
} from '../workflows/search-attributes.ts';
import type { EntryDeps } from './deps.ts';

export interface StartedJourney {
  campaignId: string;
  version: number;
  workflowId: string;
}

const describe = (err: unknown) => {
  const e = err as Error & { cause?: Error };
  return e.cause?.message ? `${e.message}: ${e.cause.message}` : e.message;
};

const unavailable = (eventId: string, err: unknown) =>
  new HeraldError(
    503,
    'temporal_unavailable',
    `The event ${eventId} is stored, but its journeys could not be started (${describe(err)}). ` +
      'Send it again with the same idempotencyKey: nothing will be duplicated.',
  );

/**
 * Enters one customer into one campaign version through one trigger node: the re-entry rule
 * decides, then the journey starts. Returns the journey, or why the customer was turned away.
 */
export async function enterCampaign(
  deps: EntryDeps,
  version: VersionRow,
  triggerNodeId: string,
  customerId: string,
  event: JourneyEvent,
  opts: { newCustomer?: boolean } = {},
): Promise<{ journey: StartedJourney } | { refused: string }> {
  const campaignId = version.campaign_id;
  const isTester = version.graph.testMode
    ? ((await getCustomer(deps.db, customerId))?.is_tester ?? false)
    : false;
  const admits = campaignAdmits(version.graph, { isTester }, new Date());
  if (!admits.allowed) return { refused: admits.reason };
  const outcome = await tryEnter(deps.db, {
    campaignId,
    customerId,
    version: version.version,
    triggerEventId: event.id,
    rule: version.graph.reentry,
    limits: version.graph.limits,
    workflowId: (n) => journeyWorkflowId(campaignId, customerId, n),
    likelyFirst: opts.newCustomer,
  });
  if (!outcome.entered) return { refused: outcome.reason };
  const { entry } = outcome;
  const input: JourneyInput = {
    campaignId,
    version: version.version,
    customerId,
    triggerNodeId,
    triggerEvent: event,
    graph: version.graph,
  };
  try {
    await startJourneyWorkflow(deps, entry.workflow_id, input);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      // Free the entry so that a redelivery of this event can start the journey.
      await deleteEntry(deps.db, entry.id);
      throw unavailable(event.id, err);
    }
  }
  journeysStarted.inc({ campaign: campaignId });
  // Read after the start: a pause committed before this read is signalled here; one committed
  // after it finds this entry open and signals the journey, which has started by then.
  if ((await markJourneyStarted(deps.db, entry.id, campaignId)) === 'paused')
    await deps.temporal.workflow.getHandle(entry.workflow_id).signal(campaignPausedSignal, true);
  return { journey: { campaignId, version: version.version, workflowId: entry.workflow_id } };
}

const PROBE_TTL_MS = 60_000;
let probe: { at: number; available: Promise<boolean> } | undefined;

/**
 * Whether the namespace has the journey search attributes, asked at most once a minute. A
 * namespace without them (no worker has registered them yet; Temporal's time-skipping test
 * server, which has no operator service) still runs journeys, without the attributes: ops lose
 * a filter, no customer loses a message, and the log says how to fix it.
 */
function searchAttributesAvailable(deps: EntryDeps): Promise<boolean> {
  if (probe && Date.now() - probe.at < PROBE_TTL_MS) return probe.available;
  const available = deps.temporal.connection.operatorService
    .listSearchAttributes({ namespace: deps.config.TEMPORAL_NAMESPACE })
    .then((r) => journeySearchAttributeKeys.every((k) => k.name in (r.customAttributes ?? {})))
    .catch((err: { code?: number }) => err.code !== grpcStatus.UNIMPLEMENTED)
    .then((ok) => {
      if (!ok)
        deps.log.warn(
          'journey search attributes are not registered in this namespace; start a worker (it registers them)',
        );
      return ok;
    });
  probe = { at: Date.now(), available };
  return available;
}

export async function startJourneyWorkflow(
  deps: EntryDeps,
  workflowId: string,
  input: JourneyInput,
  type: string = JOURNEY_WORKFLOW_TYPE,
): Promise<void> {
  const withAttributes = await searchAttributesAvailable(deps);
  await deps.temporal.workflow.start(type, {
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    workflowId,
    args: [input],
    // No run of a journey should ever time out: a run lasts until its journey continues as new.
    // Said explicitly because some servers (Temporal's test server) default to 10 years.
    workflowRunTimeout: '36500 days',
    ...(withAttributes && {
      typedSearchAttributes: [
        { key: CampaignIdKey, value: input.campaignId },
        { key: CustomerIdKey, value: input.customerId },
        { key: CampaignVersionKey, value: input.version },
      ],
    }),
  });
}

/**
 * Starts every campaign among `versions` (the active ones, read once per batch) whose trigger
 * matches the event, as the rules allow.
 */
export async function startJourneys(
  deps: EntryDeps,
  versions: VersionRow[],
  customerId: string,
  event: JourneyEvent,
  opts: { newCustomer?: boolean } = {},
): Promise<StartedJourney[]> {
  const started: StartedJourney[] = [];
  for (const version of versions) {
    if (!version.trigger_types.includes(event.type)) continue;
    // Several triggers may listen for one event type with different filters: the first that
    // matches is the way in.
    const trigger = version.graph.nodes.find((n) => n.kind === 'trigger' && eventMatches(n, event));
    if (!trigger) continue;
    const result = await enterCampaign(deps, version, trigger.id, customerId, event, opts);
    if ('journey' in result) started.push(result.journey);
  }
  return started;
}

/**
 * Sends the event to these journeys of its customer; ones that finished meanwhile are skipped.
 * Returns the workflow IDs it reached.
 */
export async function signalJourneys(
  deps: EntryDeps,
  workflowIds: Iterable<string>,
  event: JourneyEvent,
): Promise<string[]> {
  const reached: string[] = [];
  for (const workflowId of workflowIds) {
    try {
      await deps.temporal.workflow.getHandle(workflowId).signal(customerEventSignal, event);
      reached.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw unavailable(event.id, err);
    }
  }
  return reached;
}

/**
 * Runs `fn` on every open journey of a campaign, or of a customer, 16 at a time; journeys that
 * finished meanwhile are skipped. Returns how many it reached.
 */
export async function forEachOpenJourney(
  deps: EntryDeps,
  of: { campaignId: string } | { customerId: string },
  fn: (handle: WorkflowHandle) => Promise<unknown>,
): Promise<number> {
  const ids =
    'campaignId' in of
      ? await openJourneysOfCampaign(deps.db, of.campaignId)
      : await openJourneysOf(deps.db, of.customerId);
  let reached = 0;
  await pMap(
    ids,
    async (id) => {
      try {
        await fn(deps.temporal.workflow.getHandle(id));
        reached++;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    },
    { concurrency: 16 },
  );
  return reached;
}
