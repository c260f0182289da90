// The journey workflow's contract with the outside: its input, signals and queries, which the
// api and entry/ use to start and signal journeys, and the activities it calls, which
// activities/ implements. Nothing here runs workflow code.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { z } from 'zod';
import type { Channel } from '../core/channels.ts';
import type { CampaignGraph, ConditionRule, HttpCallNode, ProfileAction } from '../core/graph.ts';

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
  /**
   * The graph of the version entered, which the api has in hand when it starts the journey
   * (journeys of the `journey` type; `journeyWorkflow` runs read it with startJourney). It is
   * in the history once either way: before, as that local activity's result.
   */
  graph?: CampaignGraph;
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

/**
 * The type the api starts journeys as. Its runs are born with every patch of `journeyWorkflow`
 * (workflows/patches.ts), so they ask none: no marker and no visibility write per patch; and
 * with the features listed for it there (sends as local activities).
 */
export const JOURNEY_WORKFLOW_TYPE = 'journeyV3';
/** The type a test run of a draft starts as: a journey whose messages are marked as test. */
export const TEST_JOURNEY_WORKFLOW_TYPE = 'journeyTest';
export type JourneyWorkflow = (input: JourneyInput) => Promise<JourneyState>;

/** The event that started the journey, for {{ event.* }} in templates and HTTP calls. */
export type TriggerEvent = Pick<JourneyEvent, 'type' | 'properties' | 'occurredAt'>;

/** A rule that needs Postgres to decide: events, segments, messages, consent, reachability. */
export type StoredRule = Exclude<ConditionRule, { kind: 'attribute' | 'eventSinceEntry' }>;

export interface SendRequest {
  /** `<workflow>:<node>:<visit>`: the messages table is unique on it, so a retry never sends twice. */
  idempotencyKey: string;
  customerId: string;
  templateId: string;
  /** The revision the campaign version pinned; absent: the template's published revision. */
  templateRevision?: number;
  campaignId?: string;
  nodeId?: string;
  event?: TriggerEvent;
  /** "promo" (the default) respects unsubscribes; "transactional" does not. */
  messagingType?: string;
  /** The journey's steps since it last recorded, counted with the send's first claim. */
  stepsBefore?: StepsRecord;
  /** Only an exit follows this send: it records the journey's end once it has a result. */
  finish?: JourneyFinish;
  /** A test run's message (the testRuns feature): left out of reports and counters. */
  test?: boolean;
}

/** A journey's end as its last send records it, with the steps from the send to the exit. */
export interface JourneyFinish {
  workflowId: string;
  status: 'completed';
  steps?: StepsRecord;
}

/** A send the journey left before it finished: its message, and the steps it carried. */
export type UnsentMessage = Pick<
  SendRequest,
  'idempotencyKey' | 'customerId' | 'templateId' | 'stepsBefore' | 'test'
> & { campaignId: string; nodeId: string; channel: Channel };

export interface SendResult {
  messageId: string;
  /** "unknown": the worker died mid-send, so the message may have reached the customer. */
  status: 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';
}

/** A step on the canvas's counters: the node left (and by which exit), the node entered. */
export interface Step {
  left?: { nodeId: string; exit: string };
  entered?: string;
}

export interface StepRecord extends Step {
  workflowId: string;
  campaignId: string;
  version: number;
}

/** Steps a journey took without waiting, recorded together (the lean-bookkeeping patch). */
export interface StepsRecord {
  workflowId: string;
  campaignId: string;
  version: number;
  steps: Step[];
}

type Request = Pick<
  z.infer<typeof HttpCallNode>,
  'method' | 'url' | 'headers' | 'body' | 'timeout'
>;

/**
 * The activities a journey calls, which activities/ implements (activities/index.ts checks that
 * it does). Workflow code knows them by these types alone.
 */
export type JourneyActivities = {
  /**
   * Marks the entry running; the graph of the version entered, and whether the campaign is
   * paused. Only `journeyWorkflow` runs call it: the api does this for `journey` runs.
   */
  startJourney: (input: {
    workflowId: string;
    campaignId: string;
    version: number;
  }) => Promise<{ graph: CampaignGraph; paused: boolean }>;
  /** The profile as conditions see it, read fresh: attributes, custom fields, tags, metrics. */
  loadProfile: (customerId: string) => Promise<Record<string, unknown>>;
  checkRule: (input: {
    customerId: string;
    rule: StoredRule;
    /** The message a messageStatus rule asks about. */
    messageKey?: string;
  }) => Promise<boolean>;
  /** Applies an "update profile" step once per key, however often it is retried. */
  updateProfile: (input: {
    key: string;
    customerId: string;
    campaignId: string;
    actions: ProfileAction[];
  }) => Promise<void>;
  recordConversion: (input: {
    campaignId: string;
    version: number;
    nodeIds: string[];
  }) => Promise<void>;
  recordStep: (step: StepRecord) => Promise<void>;
  /** Counts the steps and records the node the last one entered, in one call. */
  recordSteps: (input: StepsRecord) => Promise<void>;
  /** Records where a journey stands, for journeys that do not count steps. */
  markJourneyNode: (workflowId: string, nodeId: string | null) => Promise<void>;
  /**
   * Marks the entry finished, counting the last steps taken since the journey last recorded,
   * and skipping the send it left unfinished (which counts the steps that send carried, once).
   */
  finishJourney: (
    workflowId: string,
    status: JourneyOutcome | 'failed',
    steps?: StepsRecord,
    unsent?: UnsentMessage,
  ) => Promise<void>;
  sendEmail: (input: SendRequest) => Promise<SendResult>;
  sendMessage: (input: SendRequest & { channel: Channel; sender?: string }) => Promise<SendResult>;
  /** Sends the Idempotency-Key `key`; retried by Temporal on 5xx, 408, 429 and no answer. */
  callHttp: (input: {
    key: string;
    customerId: string;
    event: TriggerEvent;
    request: Request;
  }) => Promise<{ ok: boolean; status: number }>;
};
