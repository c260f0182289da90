// Every patch of the workflow code, in one place. A patch lets journeys that started under older
// code replay as they ran (Temporal's patched(): true in runs that pass the new code, false when
// replaying a run that got past the spot without it). Each says when it came and when it can go.
//
// Retiring a patch, once no run older than it is open (count them in the Temporal UI or with
// `temporal workflow count --query 'WorkflowType="journeyWorkflow" AND ExecutionStatus="Running"
// AND StartTime < "<since>"'`; a journey that continued as new since then started a fresh run):
// 1. replace `isPatched(p)` by `deprecatePatch(p.id)` and keep only the new branch, and drop the
//    saved histories recorded without it (`retires` below);
// 2. when no run that called patched() on it is open either, remove the call and the entry.
//
// Every ask of a new patch writes a marker and a TemporalChangeVersion search-attribute upsert
// (a visibility write) into the run's history. A newer patch that builds on older ones is asked
// first, and a run that has it takes the older paths without asking them.
//
// Only this file calls patched(); ESLint refuses it elsewhere in workflows/.
// A workflow type started after some patches were born with them (`bornWith`): its runs never
// took the old paths, so they take the patched ones without asking, and write no marker and no
// TemporalChangeVersion upsert. A new type costs a second name for the same code; it pays
// where every run of a hot workflow would otherwise ask, as journeys do.
//
// eslint-disable-next-line no-restricted-imports -- the one place patched() is called
import { patched, workflowInfo } from '@temporalio/workflow';

export interface Patch {
  /** The marker ID in histories: never rename it. */
  id: string;
  /** The commit and day it shipped: runs started before then may still run without it. */
  since: string;
  /** What the patch changed, so whoever retires it knows what the old branch did. */
  what: string;
  /** The saved histories (workflows/histories/) that replay without it, to drop on retiring. */
  retires: string[];
}

export const patches = {
  journeyNodeSearchAttribute: {
    id: 'journey-node-search-attribute',
    since: '6e56107, 2026-11-24',
    what: 'journeys publish the node they are at as the JourneyNode search attribute',
    retires: ['journey-*.v1.json'],
  },
  nodeCounters: {
    id: 'node-counters',
    since: 'ef27bcf, 2026-11-24',
    what: 'journeys count each step on the node counters (recordStep) and record where they stand when they arrive, not when they start to wait (markJourneyNode)',
    retires: ['journey-*.v1.json', 'journey-*.v2.json'],
  },
  conversionCounter: {
    id: 'conversion-counter',
    since: '80c3e22, 2026-11-24',
    what: 'a converted journey counts its conversion on every node it passed (recordConversion)',
    retires: [],
  },
  leanBookkeeping: {
    id: 'lean-bookkeeping',
    since: 'journey throughput, 2026-12-02',
    what: 'steps taken without waiting are recorded together (recordSteps) before the journey waits or calls an activity that may take long, the last ones with finishJourney; JourneyNode is published only where the journey waits, instead of at every node. Asked before node-counters and conversion-counter, which a lean run takes without asking',
    retires: ['journey-*.v1.json', 'journey-*.v2.json', 'journey-*.v3.json', 'journey-*.v4.json'],
  },
  stepsWithSends: {
    id: 'steps-with-sends',
    since: 'journey throughput, 2026-12-04',
    what: 'the steps before a send are counted by the send itself, in the statement that claims its message (one local activity fewer per send); a journey that leaves while a send is unfinished has finishJourney skip that message, counting the steps it carried unless the send claimed it first. Lean bookkeeping otherwise. Asked before lean-bookkeeping, which a run with it takes without asking',
    retires: [
      'journey-*.v1.json',
      'journey-*.v2.json',
      'journey-*.v3.json',
      'journey-*.v4.json',
      'journey-*.v5.json',
    ],
  },
  mailingAbWinner: {
    id: 'mailing-ab-winner',
    since: 'mailings A/B tests, 2026-12-06',
    what: 'a mailing whose pending recipients are all sent asks for those held for an A/B winner (mailingHeld); if any, it waits the set time, picks the winner (pickMailingWinner) and sends on, instead of finishing',
    retires: [],
  },
  mailingLanes: {
    id: 'mailing-lanes',
    since: 'mailing throughput, 2026-12-06',
    what: 'an unthrottled mailing sends its recipients in two lanes side by side (sendMailingBatch with a lane), a throttled one in one; the held A/B recipients are asked for without asking mailing-ab-winner. Before it, one batch at a time',
    retires: [],
  },
} as const satisfies Record<string, Patch>;

/**
 * Ways of running that only a workflow type born with them takes. Unlike a patch, a feature is
 * never asked with patched(): runs of older types keep their own way for good, so nothing is
 * written into any history to decide it, and they replay as they ran.
 */
export interface Feature {
  since: string;
  what: string;
}

export const features = {
  localSends: {
    since: 'journey throughput, 2026-12-06',
    what: 'sends run as local activities, in the workflow task that reaches them: a journey that sends and exits is one workflow task (six history events) instead of two around an activity task (eleven)',
  },
  finishWithLastSend: {
    since: 'journey throughput, 2026-12-06',
    what: "a send that only an exit follows records the journey's end with its own result (finishEntry), so the journey needs no finishJourney local activity; the walk never continues as new just before an exit",
  },
  testRuns: {
    since: 'test runs of drafts, 2026-12-06',
    what: 'a test run of a draft (the journeyTest type): its sends ask for messages marked as test, which reports and counters leave out',
  },
} as const satisfies Record<string, Feature>;

const featuresOf: Record<string, readonly Feature[]> = {
  journeyV3: [features.localSends, features.finishWithLastSend],
  journeyTest: [features.localSends, features.finishWithLastSend, features.testRuns],
};

/** Whether this run's workflow type was born with the feature. */
export function hasFeature(feature: Feature): boolean {
  return featuresOf[workflowInfo().workflowType]?.includes(feature) ?? false;
}

/**
 * Every patch made before the `journey` type (2026-12-05). Listed by name: a patch made after a
 * type must be asked by its runs too, or those already running would replay down a path they
 * never took.
 */
const patchesOfDecember5 = [
  patches.journeyNodeSearchAttribute,
  patches.nodeCounters,
  patches.conversionCounter,
  patches.leanBookkeeping,
  patches.stepsWithSends,
];

/** The patches each workflow type's runs were born with; journeyWorkflow runs ask them all. */
const bornWith: Record<string, readonly Patch[]> = {
  journey: patchesOfDecember5, // 2026-12-05
  journeyV3: patchesOfDecember5, // 2026-12-06, with the features above
  journeyTest: patchesOfDecember5, // 2026-12-06: test runs of drafts, as journeyV3
};

/**
 * Whether this run takes the patched path; the first call in a run of a type not born with
 * the patch records the marker.
 */
export function isPatched(patch: Patch): boolean {
  if (bornWith[workflowInfo().workflowType]?.includes(patch)) return true;
  return patched(patch.id);
}
