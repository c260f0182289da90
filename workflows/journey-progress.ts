// How a journey records its progress: the canvas's node counters, the node it stands at (in
// Postgres), and the JourneyNode search attribute (in Temporal's visibility store). Which way a
// run records is settled once, when its walk starts, so the wait and node code never asks:
//
// - steps with sends (the steps-with-sends patch): lean, except that the steps before a send are
//   handed to the send, which counts them with its message's claim, in one statement;
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
import type {
  JourneyFinish,
  JourneyInput,
  JourneyOutcome,
  Step,
  StepsRecord,
  UnsentMessage,
} from './journey-api.ts';
import { features, hasFeature, isPatched, patches } from './patches.ts';
import { CampaignIdKey, JourneyNodeKey } from './search-attributes.ts';

export interface JourneyProgress {
  /** The journey left a node (by an exit) and/or entered one. */
  step(step: Step): Promise<void>;
  /** The journey stands at a node it entered by no step: its trigger, in an abandonment period. */
  arrived(nodeId: string): Promise<void>;
  /** The journey starts to wait at a node. */
  waits(nodeId: string): Promise<void>;
  /** The journey is about to call an activity that may take long (an HTTP call). */
  settle(): Promise<void>;
  /** The journey is about to send: settles, or answers the steps the send is to count. */
  beforeSend(): Promise<StepsRecord | undefined>;
  /**
   * The send about to run is the journey's last step (only `ahead` follows it: into an exit, or
   * out of an unconnected exit). Answers the end for the send to record with its result, or
   * undefined where this run records its end itself; `ahead` is then counted by the send, and
   * the finish of a journey that completes records nothing more.
   */
  finishAhead(ahead: Step[]): JourneyFinish | undefined;
  /** Runs a send; if the journey leaves before it finishes, the finish skips its message. */
  sending<T>(message: UnsentMessage, send: () => Promise<T>): Promise<T>;
  /** The journey stands at this node now (null: at none), as the Temporal UI shows it. */
  show(nodeId: string | null): void;
  /** The journey converted: counts the conversion on each node it passed through. */
  converted(nodeIds: string[]): Promise<void>;
  /** The journey ended; records the outcome with whatever it has not recorded yet. */
  finish(outcome: JourneyOutcome | 'failed'): Promise<void>;
}

const nothing = async (): Promise<void> => {};

/** Older runs record their steps before a send and have nothing to skip when they leave. */
const settleFirst = (settle: () => Promise<void>) => ({
  beforeSend: async () => {
    await settle();
    return undefined;
  },
  sending: <T>(_message: UnsentMessage, send: () => Promise<T>) => send(),
});

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
  if (isPatched(patches.stepsWithSends))
    return leanProgress(journey, {
      stepsWithSends: true,
      finishWithLastSend: hasFeature(features.finishWithLastSend),
    });
  if (isPatched(patches.leanBookkeeping))
    return leanProgress(journey, { stepsWithSends: false, finishWithLastSend: false });
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
      ...settleFirst(nothing),
      finishAhead: () => undefined,
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
    ...settleFirst(nothing),
    finishAhead: () => undefined,
    show: showEveryNode,
    converted,
    finish,
  };
}

function leanProgress(
  journey: { workflowId: string; campaignId: string; version: number },
  opts: { stepsWithSends: boolean; finishWithLastSend: boolean },
) {
  let pending: Step[] = [];
  /** Steps a last send counts with the journey's end: taken, they are not counted again. */
  let counted: Step[] = [];
  let finishedBySend = false;
  let shown: string | null = null;
  /** The send in flight, which the finish skips if the journey leaves before it returns. */
  let unsent: UnsentMessage | undefined;
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
      if (counted.length > 0 && sameStep(counted[0]!, step)) counted.shift();
      else pending.push(step);
      return Promise.resolve();
    },
    // The abandonment period that follows waits (and so publishes) through waitUntil.
    arrived: (nodeId: string) => markJourneyNode(journey.workflowId, nodeId),
    waits: async (nodeId: string) => {
      await settle();
      publish(nodeId);
    },
    settle,
    ...(opts.stepsWithSends
      ? {
          beforeSend: () => {
            const steps = pending;
            pending = [];
            return Promise.resolve(steps.length ? { ...journey, steps } : undefined);
          },
          sending: async <T>(message: UnsentMessage, send: () => Promise<T>) => {
            unsent = message;
            const result = await send();
            unsent = undefined;
            return result;
          },
        }
      : settleFirst(settle)),
    finishAhead: (ahead: Step[]) => {
      if (!opts.finishWithLastSend) return undefined;
      counted = [...ahead];
      finishedBySend = true;
      return {
        workflowId: journey.workflowId,
        status: 'completed' as const,
        ...(ahead.length > 0 && { steps: { ...journey, steps: ahead } }),
      };
    },
    // Where it waits is published by `waits`; passing through a node is not worth a write.
    show: (nodeId: string | null) => {
      if (nodeId === null) publish(null);
    },
    // Lean bookkeeping came after conversion counters: a lean run counts conversions.
    converted: (nodeIds: string[]) => countConversion(journey, nodeIds),
    finish: async (outcome: JourneyOutcome | 'failed') => {
      // The last send recorded this end; any other outcome (the goal met during that send, a
      // failure) is recorded here, over it.
      if (finishedBySend && outcome === 'completed' && pending.length === 0) return;
      const steps = pending;
      pending = [];
      const last = steps.length ? { ...journey, steps } : undefined;
      // Older lean runs called it with three arguments: they still do.
      await (unsent
        ? finishJourney(journey.workflowId, outcome, last, unsent)
        : finishJourney(journey.workflowId, outcome, last));
    },
  } satisfies JourneyProgress;
}

const sameStep = (a: Step, b: Step) =>
  a.entered === b.entered && a.left?.nodeId === b.left?.nodeId && a.left?.exit === b.left?.exit;
