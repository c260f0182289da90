// The activity proxies journeys use. Workflow code knows activities by the journey's contract
// (journey-api.ts) only.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { JourneyActivities } from './journey-api.ts';
import { features, hasFeature } from './patches.ts';

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
const sendOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
} as const;
const remoteSends = proxyActivities<JourneyActivities>(sendOptions);
// A send takes milliseconds: as a local activity it runs in the workflow task that reached it,
// with no activity task and no second workflow task. Its retries past a minute wait on a
// workflow timer, as the SDK does for long local activities; the message's idempotency key
// keeps a retried send from sending twice either way.
const localSends = proxyLocalActivities<JourneyActivities>(sendOptions);

/** The send activities, as this run's workflow type calls them (features in patches.ts). */
export const sends = (): Pick<JourneyActivities, 'sendEmail' | 'sendMessage'> =>
  hasFeature(features.localSends) ? localSends : remoteSends;

// An external system that keeps failing sends the journey down the "failure" exit: a few
// attempts, then the workflow takes the failure. The activity's own timeout is per request.
export const { callHttp } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 4, maximumAttempts: 3 },
});
