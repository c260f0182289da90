// The activity proxies journeys use. Workflow code knows activities by the journey's contract
// (journey-api.ts) only.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { JourneyActivities } from './journey-api.ts';

// Short Postgres reads and writes run as local activities: in the worker that runs the
// workflow, without a round trip through the Temporal server per call. A journey starts in a
// fraction of the time, and its history stays small.
export const {
  startJourney,
  loadProfile,
  markJourneyNode,
  recordStep,
  recordSteps,
  recordConversion,
  finishJourney,
  checkRule,
  updateProfile,
} = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// A provider outage should delay a send, not drop it: retry for as long as it takes.
export const { sendEmail, sendMessage } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

// An external system that keeps failing sends the journey down the "failure" exit: a few
// attempts, then the workflow takes the failure. The activity's own timeout is per request.
export const { callHttp } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 4, maximumAttempts: 3 },
});
