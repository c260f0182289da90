// The journey workflow's contract with the outside: input, signals and queries. The api imports
// these to start and signal journeys; nothing here runs workflow code.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface JourneyEvent {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  occurredAt: string;
}

export interface JourneyInput {
  campaignId: string;
  version: number;
  customerId: string;
  /** The trigger node the customer entered through. */
  triggerNodeId: string;
  triggerEvent: JourneyEvent;
  /** Set when a long journey continued as new: where it carries on, and what it remembers. */
  resume?: JourneyResume;
}

export interface JourneyResume {
  nodeId: string;
  /** Visits per node so far: message keys stay unique across runs. */
  visits: Record<string, number>;
  /** The latest events received (at most 100), for conditions and waits. */
  received: JourneyEvent[];
  /** The latest nodes visited (at most 100). */
  path: string[];
  steps: number;
}

export interface JourneyState {
  currentNode: string | null;
  /** Node IDs in the order the journey visited them (the latest 100 after a continue-as-new). */
  path: string[];
  /** How many nodes the journey has run in all, across continue-as-new. */
  steps: number;
  /** When the current wait ends, if the journey is waiting. */
  wakeUpAt: string | null;
  eventsReceived: number;
  /** While the campaign is paused, the journey holds before its next message. */
  paused: boolean;
  /** How the journey ended, once it has: walked to the end, met the goal, left on an exit event, or was stopped. */
  outcome: JourneyOutcome | null;
}

export type JourneyOutcome = 'completed' | 'converted' | 'exited' | 'stopped';

/** An event of this journey's customer, sent by the api as it arrives. */
export const customerEventSignal = defineSignal<[JourneyEvent]>('customerEvent');
/** The campaign was paused (true) or resumed (false). */
export const campaignPausedSignal = defineSignal<[boolean]>('campaignPaused');
export const journeyStateQuery = defineQuery<JourneyState>('journeyState');

export const JOURNEY_WORKFLOW_TYPE = 'journeyWorkflow';
