// Activities that read and record a journey's progress.
import { ApplicationFailure } from '@temporalio/activity';
import type { CampaignGraph } from '../core/graph.ts';
import { getCampaign, getVersion } from '../db/campaigns.ts';
import { getCustomer, profileVariables } from '../db/customers.ts';
import { type EntryStatus, finishEntry, markEntry } from '../db/entries.ts';
import { checkDbRule, type DbRule } from '../db/journey-rules.ts';
import { leaveUnsent } from '../db/messages.ts';
import { getCustomerMetrics } from '../db/metrics.ts';
import { countConversion, countStep, countSteps, type StepRecord } from '../db/node-counters.ts';
import { applyProfileActions, UnknownAttributeError } from '../db/profile-actions.ts';
import type { ProfileAction } from '../core/graph.ts';
import type { ActivityDeps } from './deps.ts';
import { openPipeline } from '../entry/pipeline.ts';
import type { JourneyFinish, StepsRecord, UnsentMessage } from '../workflows/journey-api.ts';

export interface StartJourneyInput {
  workflowId: string;
  campaignId: string;
  version: number;
}

/**
 * A send that records its journey's end once it has a result (JourneyFinish): on every path that
 * returns, a retry too; a send that throws leaves the end to the journey.
 */
export function finishingJourney<I, R>(
  { db }: Pick<ActivityDeps, 'db'>,
  send: (input: I) => Promise<R>,
): (input: I & { finish?: JourneyFinish }) => Promise<R> {
  return async (input) => {
    const result = await send(input);
    if (input.finish) await finishEntry(db, input.finish);
    return result;
  };
}

export function journeyActivities(deps: ActivityDeps) {
  const { db } = deps;
  // Published versions never change, so each is read from Postgres once per worker.
  const graphs = new Map<string, CampaignGraph>();
  const graphOf = async (campaignId: string, version: number): Promise<CampaignGraph> => {
    const key = `${campaignId}:${version}`;
    const cached = graphs.get(key);
    if (cached) return cached;
    const row = await getVersion(db, campaignId, version);
    if (!row) {
      throw ApplicationFailure.nonRetryable(
        `campaign ${campaignId} has no version ${version}`,
        'NotFound',
      );
    }
    graphs.set(key, row.graph);
    return row.graph;
  };

  return {
    /**
     * Marks the entry running and returns the graph of the version the customer entered with,
     * and whether the campaign is paused.
     */
    startJourney: async (
      input: StartJourneyInput,
    ): Promise<{ graph: CampaignGraph; paused: boolean }> => {
      const [graph, campaign] = await Promise.all([
        graphOf(input.campaignId, input.version),
        getCampaign(db, input.campaignId),
        markEntry(db, input.workflowId, { status: 'running' }),
      ]);
      // A pause that came between the entry and this start found no workflow to signal yet.
      return { graph, paused: campaign?.status === 'paused' };
    },

    /**
     * The profile as conditions see it, read fresh at the moment of deciding: attributes, custom
     * fields, tags and metrics ("metrics.totalSpent", "metrics.rfm.segment").
     */
    loadProfile: async (customerId: string): Promise<Record<string, unknown>> => {
      const [row, metrics] = await Promise.all([
        getCustomer(db, customerId),
        getCustomerMetrics(db, customerId),
      ]);
      if (!row)
        throw ApplicationFailure.nonRetryable(`customer ${customerId} not found`, 'NotFound');
      return { ...profileVariables(row), metrics };
    },

    /** Decides a condition rule that needs Postgres (events, segments, messages, consent). */
    checkRule: async (input: {
      customerId: string;
      rule: DbRule;
      messageKey?: string;
    }): Promise<boolean> => checkDbRule(db, input.customerId, input.rule, input.messageKey),

    /** Applies an "update profile" step once, however often it is retried. */
    updateProfile: async (input: {
      key: string;
      customerId: string;
      campaignId: string;
      actions: ProfileAction[];
    }): Promise<void> => {
      try {
        const posted = await applyProfileActions(db, input);
        // Points a campaign gave are announced like any others ("You earned 50 points").
        if (posted) await openPipeline(deps).announcePoints(input.customerId, posted);
      } catch (err) {
        if (err instanceof UnknownAttributeError)
          throw ApplicationFailure.nonRetryable(err.message, 'InvalidProfileAction');
        throw err;
      }
    },

    /** Counts a conversion on each node the journey passed through. */
    recordConversion: async (input: {
      campaignId: string;
      version: number;
      nodeIds: string[];
    }): Promise<void> => countConversion(db, input),

    /** Counts a step on the node counters and records the node the journey is at now. */
    recordStep: async (step: StepRecord & { workflowId: string }): Promise<void> => {
      await Promise.all([
        countStep(db, step),
        step.entered !== undefined && markEntry(db, step.workflowId, { currentNode: step.entered }),
      ]);
    },

    /** Counts steps taken without waiting and records the node the last one entered. */
    recordSteps: async (input: StepsRecord): Promise<void> => {
      const entered = input.steps.findLast((s) => s.entered !== undefined)?.entered;
      await Promise.all([
        countSteps(db, input),
        entered !== undefined && markEntry(db, input.workflowId, { currentNode: entered }),
      ]);
    },

    /** Records where a journey waits (journeys from before node counters). */
    markJourneyNode: async (workflowId: string, nodeId: string | null): Promise<void> => {
      await markEntry(db, workflowId, { currentNode: nodeId });
    },

    finishJourney: async (
      workflowId: string,
      status: Exclude<EntryStatus, 'starting' | 'running'>,
      steps?: StepsRecord,
      unsent?: UnsentMessage,
    ): Promise<void> => {
      // First: the unsent send's steps would record the node it stood at, which the finish clears.
      if (unsent) await leaveUnsent(db, unsent, unsent.stepsBefore);
      await Promise.all([
        markEntry(db, workflowId, { status, currentNode: null }),
        steps && countSteps(db, steps),
      ]);
    },
  };
}
