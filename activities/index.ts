// The activity factory (see temporalio/samples-typescript, activities-dependency-injection).
import type { ActivityDeps } from './deps.ts';
import { attributionActivities } from './attribution.ts';
import { exportActivities } from './export.ts';
import { gatewayActivities } from './gateways.ts';
import { importActivities } from './import.ts';
import { finishingJourney, journeyActivities } from './journey.ts';
import { httpCallActivities } from './http-call.ts';
import { mailingActivities } from './mailings.ts';
import { maintenanceActivities } from './maintenance.ts';
import { reportActivities } from './reports.ts';
import { scheduledEntryActivities } from './scheduled-entry.ts';
import { segmentActivities } from './segments.ts';
import { segmentExportActivities } from './segment-export.ts';
import { sendEmailActivities } from './send-email.ts';
import { sendMessageActivities } from './send-message.ts';
import { templateTestSendActivities } from './template-test-send.ts';
import type { JourneyActivities } from '../workflows/journey-api.ts';

export type { ActivityDeps } from './deps.ts';

export function createActivities(deps: ActivityDeps) {
  const email = sendEmailActivities(deps);
  const { sendMessage, sendClaimed } = sendMessageActivities(deps, email.sendEmail);
  // An email records its journey's end itself, in the statement that records its outcome.
  const finishingMessage = finishingJourney(deps, sendMessage);
  return {
    ...journeyActivities(deps),
    sendEmail: email.sendEmail,
    sendMessage: (input: Parameters<typeof finishingMessage>[0]) =>
      input.channel === 'email' ? email.sendEmail(input) : finishingMessage(input),
    ...httpCallActivities(deps),
    ...scheduledEntryActivities(deps),
    ...maintenanceActivities(deps),
    ...importActivities(deps),
    ...exportActivities(deps),
    ...segmentActivities(deps),
    ...segmentExportActivities(deps),
    ...gatewayActivities(deps),
    ...templateTestSendActivities(deps),
    ...mailingActivities(deps, sendClaimed),
    ...reportActivities(deps),
    ...attributionActivities(deps),
  } satisfies JourneyActivities; // the contract the journey workflow is written against
}

export type Activities = ReturnType<typeof createActivities>;
