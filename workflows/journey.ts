// The journey workflow: one per customer per campaign entry (DESIGN decision 1). It runs the
// graph of the version the customer entered with (decision 2), hears the customer's events as
// signals, and leaves at once when the campaign's goal is met or one of its exit events happens.
import {
  CancellationScope,
  ContinueAsNew,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { eventMatches } from '../core/conditions.ts';
import type { CampaignGraph } from '../core/graph.ts';
import { finishJourney, recordConversion, startJourney } from './journey-activities.ts';
import {
  campaignPausedSignal,
  customerEventSignal,
  type JourneyEvent,
  type JourneyInput,
  type JourneyOutcome,
  type JourneyState,
  journeyStateQuery,
} from './journey-api.ts';
import { journeyProgress, type JourneyProgress } from './journey-progress.ts';
import { walkGraph } from './journey-walk.ts';
import { isPatched, patches } from './patches.ts';

/**
 * Journeys started since 2026-12-06 (JOURNEY_WORKFLOW_TYPE): as `journey`, and their sends run
 * as local activities, the last one recording the journey's end (features in patches.ts).
 */
export async function journeyV3(input: JourneyInput): Promise<JourneyState> {
  return runJourney(input);
}

/**
 * Test runs of a draft (TEST_JOURNEY_WORKFLOW_TYPE): as `journeyV3`, their messages marked as
 * test (the testRuns feature in patches.ts). A type of its own, so no live journey changes.
 */
export async function journeyTest(input: JourneyInput): Promise<JourneyState> {
  return runJourney(input);
}

/**
 * Journeys started on 2026-12-05: the api passes the graph and marks the entry running, and the
 * run takes every patch of `journeyWorkflow` without asking.
 */
export async function journey(input: JourneyInput): Promise<JourneyState> {
  return runJourney(input);
}

/** Journeys started before: they replay as they ran, asking their patches. */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyState> {
  return runJourney(input);
}

async function runJourney(input: JourneyInput): Promise<JourneyState> {
  const { workflowId } = workflowInfo();
  const state: JourneyState = {
    currentNode: null,
    path: [...(input.resume?.path ?? [])],
    wakeUpAt: null,
    steps: input.resume?.steps ?? 0,
    eventsReceived: 0,
    paused: false,
    outcome: null,
  };
  let pauseSignalled = false;
  const received: JourneyEvent[] = [...(input.resume?.received ?? [])];
  const walk = new CancellationScope();
  const visits = new Map(Object.entries(input.resume?.visits ?? {}));
  let graph: CampaignGraph | undefined;
  let leaving: Exclude<JourneyOutcome, 'completed'> | undefined;
  let progress: JourneyProgress | undefined;
  const finish = (outcome: JourneyOutcome | 'failed') =>
    progress ? progress.finish(outcome) : finishJourney(workflowId, outcome);

  /** The goal and exit events end the journey wherever it is: waiting, deciding or sending. */
  const checkLeave = (event: JourneyEvent) => {
    if (!graph || leaving) return;
    // A purchase before the cart was abandoned: the customer never qualified, nothing converted.
    if (abandoned(graph, event)) leaving = 'exited';
    else if (graph.goal && eventMatches(graph.goal, event)) leaving = 'converted';
    else if (graph.exitOn?.some((m) => eventMatches(m, event))) leaving = 'exited';
    if (leaving) walk.cancel();
  };
  setHandler(customerEventSignal, (event) => {
    if (received.some((e) => e.id === event.id)) return; // a redelivered event counts once
    received.push(event);
    state.eventsReceived = received.length;
    checkLeave(event);
  });
  setHandler(campaignPausedSignal, (paused) => {
    pauseSignalled = true;
    state.paused = paused;
  });
  setHandler(journeyStateQuery, () => state);

  // A pause before the api started the journey reaches it as a signal (entry/journeys.ts).
  const started = input.graph
    ? { graph: input.graph, paused: false }
    : await startJourney({ workflowId, campaignId: input.campaignId, version: input.version });
  graph = started.graph;
  if (!pauseSignalled) state.paused = started.paused; // a signal is newer than that read
  received.forEach(checkLeave); // events that arrived before the graph was known
  try {
    if (!leaving) {
      // Journeys from before node counters (and before lean bookkeeping) replay as they ran.
      progress = journeyProgress(workflowId, input);
      const w = { workflowId, input, graph: started.graph, state, received, visits, progress };
      await walk.run(() => walkGraph(w));
    }
    state.outcome = leaving ?? 'completed';
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err; // the journey goes on in a new run
    if (leaving && isCancellation(err)) {
      state.outcome = leaving;
    } else {
      // Stopping the campaign cancels its journeys: recorded as stopped, and Temporal shows
      // the run as cancelled. Anything else is a failure.
      state.outcome = isCancellation(err) ? 'stopped' : null;
      await CancellationScope.nonCancellable(() => finish(state.outcome ?? 'failed'));
      throw err;
    }
  }
  if (state.outcome === 'converted') {
    const nodeIds = [...new Set([input.triggerNodeId, ...state.path])];
    // A journey that converted before its walk began has no progress: it asks the patch itself.
    if (progress) await progress.converted(nodeIds);
    else if (isPatched(patches.conversionCounter))
      await recordConversion({ campaignId: input.campaignId, version: input.version, nodeIds });
  }
  await finish(state.outcome);
  return state;

  /** While an abandonment trigger's period runs (no node entered yet), its "unless" event ends it. */
  function abandoned(g: CampaignGraph, event: JourneyEvent): boolean {
    if (input.resume || state.path.length > 0) return false;
    const trigger = g.nodes.find((n) => n.id === input.triggerNodeId);
    return trigger?.kind === 'trigger' && !!trigger.unlessWithin
      ? eventMatches(trigger.unlessWithin, event)
      : false;
  }
}
