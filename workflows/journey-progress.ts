// How a journey records its progress in Postgres: the canvas's node counters and the node it
// stands at. Journeys from before node counters (the node-counters patch) record only where they
// wait, as they did; which way a run records is settled once, when its walk starts, so the wait
// and node code below it never asks.
import { markJourneyNode, recordStep } from './journey-activities.ts';
import type { JourneyInput } from './journey-api.ts';
import { isPatched, patches } from './patches.ts';

export interface JourneyProgress {
  /** The journey left a node (by an exit) and/or entered one. */
  step(step: { left?: { nodeId: string; exit: string }; entered?: string }): Promise<void>;
  /** The journey stands at a node it entered by no step: its trigger, in an abandonment period. */
  arrived(nodeId: string): Promise<void>;
  /** The journey starts to wait at a node. */
  waits(nodeId: string): Promise<void>;
}

const nothing = async (): Promise<void> => {};

export function journeyProgress(workflowId: string, input: JourneyInput): JourneyProgress {
  const stands = (nodeId: string) => markJourneyNode(workflowId, nodeId);
  if (!isPatched(patches.nodeCounters)) return { step: nothing, arrived: nothing, waits: stands };
  return {
    step: (step) =>
      recordStep({ workflowId, campaignId: input.campaignId, version: input.version, ...step }),
    arrived: stands,
    // The step that entered the node has recorded it already.
    waits: nothing,
  };
}
