// The activity proxies journeys use. Workflow code knows activities by their types only.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

// Short Postgres reads and writes run as local activities: in the worker that runs the
// workflow, without a round trip through the Temporal server per call. A journey starts in a
// fraction of the time, and its history stays small.
export const { startJourney, loadProfile, markJourneyNode, recordStep, finishJourney } =
  proxyLocalActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

// A provider outage should delay a send, not drop it: retry for as long as it takes.
export const { sendEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
