// How a journey records its progress: the canvas's node counters, the node it stands at (in
// Postgres), and the JourneyNode search attribute (in Temporal's visibility store). Which way a
// run records is settled once, when its walk starts, so the wait and node code never asks:
//
// - lean (the lean-bookkeeping patch): steps taken without waiting are held in the workflow and
//   recorded together, in one local activity, before the journey waits or calls an activity that
//   may take long, the last ones with finishJourney. JourneyNode is published only where the
//   journey waits: that is what ops filter on, and every upsert is a visibility write;
// - per step (node-counters): each step is its own recordStep; JourneyNode at every node;
// - journeys from before node counters record only where they wait.
import {
  CancellationScope,
  CancelledFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  finishJourney,
  markJourneyNode,
  recordConversion,
  recordStep,
  recordSteps,
} from './journey-activities.ts';
import type { JourneyInput, JourneyOutcome, Step } from './journey-api.ts';
import { isPatched, patches } from './patches.ts';
import { CampaignIdKey, JourneyNodeKey } from './search-attributes.ts';

export interface JourneyProgress {
  /** The journey left a node (by an exit) and/or entered one. */
  step(step: Step): Promise<void>;
  /** The journey stands at a node it entered by no step: its trigger, in an abandonment period. */
  arrived(nodeId: string): Promise<void>;
  /** The journey starts to wait at a node. */
  waits(nodeId: string): Promise<void>;
  /** The journey is about to call an activity that may take long (a send, an HTTP call). */
  settle(): Promise<void>;
  /** The journey stands at this node now (null: at none), as the Temporal UI shows it. */
  show(nodeId: string | null): void;
  /** The journey converted: counts the conversion on each node it passed through. */
  converted(nodeIds: string[]): Promise<void>;
  /** The journey ended; records the outcome with whatever it has not recorded yet. */
  finish(outcome: JourneyOutcome | 'failed'): Promise<void>;
}

const nothing = async (): Promise<void> => {};

/** A journey started without search attributes (a namespace missing them) has none to update. */
const hasSearchAttributes = () =>
  workflowInfo().typedSearchAttributes.get(CampaignIdKey) !== undefined;

/** JourneyNode at every node, behind its own patch: journeys from before it replay without it. */
function showEveryNode(nodeId: string | null): void {
  if (!hasSearchAttributes()) return;
  if (!isPatched(patches.journeyNodeSearchAttribute)) return;
  upsertSearchAttributes([{ key: JourneyNodeKey, value: nodeId }]); // null removes it
}

const countConversion = (journey: { campaignId: string; version: number }, nodeIds: string[]) =>
  recordConversion({ campaignId: journey.campaignId, version: journey.version, nodeIds });

export function journeyProgress(workflowId: string, input: JourneyInput): JourneyProgress {
  const journey = { workflowId, campaignId: input.campaignId, version: input.version };
  // The newest patch is asked first: a run that has it takes the older patched paths without
  // asking them, because every ask writes a marker and a TemporalChangeVersion upsert (a
  // visibility write) into the history.
  if (isPatched(patches.leanBookkeeping)) return leanProgress(journey);
  const finish = (outcome: JourneyOutcome | 'failed') => finishJourney(workflowId, outcome);
  const converted = (nodeIds: string[]) =>
    isPatched(patches.conversionCounter) ? countConversion(journey, nodeIds) : nothing();
  const stands = (nodeId: string) => markJourneyNode(workflowId, nodeId);
  if (!isPatched(patches.nodeCounters))
    return {
      step: nothing,
      arrived: nothing,
      waits: stands,
      settle: nothing,
      show: showEveryNode,
      converted,
      finish,
    };
  return {
    step: (step) => recordStep({ ...journey, ...step }),
    arrived: stands,
    // The step that entered the node has recorded it already.
    waits: nothing,
    settle: nothing,
    show: showEveryNode,
    converted,
    finish,
  };
}

function leanProgress(journey: { workflowId: string; campaignId: string; version: number }) {
  let pending: Step[] = [];
  let shown: string | null = null;
  const publish = (nodeId: string | null) => {
    if (nodeId === shown || !hasSearchAttributes()) return;
    upsertSearchAttributes([{ key: JourneyNodeKey, value: nodeId }]);
    shown = nodeId;
  };
  const settle = async () => {
    if (pending.length === 0) return;
    const steps = pending;
    pending = [];
    await recordSteps({ ...journey, steps });
  };
  return {
    step: (step: Step) => {
      // A step recorded at once was an activity, which a leaving journey (goal met, stopped)
      // could not start: held back, it must refuse the same way, or the journey would count a
      // node it never reached.
      if (CancellationScope.current().consideredCancelled)
        return Promise.reject(new CancelledFailure('the journey is leaving'));
      pending.push(step);
      return Promise.resolve();
    },
    // The abandonment period that follows waits (and so publishes) through waitUntil.
    arrived: (nodeId: string) => markJourneyNode(journey.workflowId, nodeId),
    waits: async (nodeId: string) => {
      await settle();
      publish(nodeId);
    },
    settle,
    // Where it waits is published by `waits`; passing through a node is not worth a write.
    show: (nodeId: string | null) => {
      if (nodeId === null) publish(null);
    },
    // Lean bookkeeping came after conversion counters: a lean run counts conversions.
    converted: (nodeIds: string[]) => countConversion(journey, nodeIds),
    finish: async (outcome: JourneyOutcome | 'failed') => {
      const steps = pending;
      pending = [];
      await finishJourney(
        journey.workflowId,
        outcome,
        steps.length ? { ...journey, steps } : undefined,
      );
    },
  } satisfies JourneyProgress;
}
