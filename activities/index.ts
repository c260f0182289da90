// The activity factory (see temporalio/samples-typescript, activities-dependency-injection).
import type { ActivityDeps } from './deps.ts';
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
import { sendEmailActivities } from './send-email.ts';
import { sendMessageActivities } from './send-message.ts';
import type { JourneyActivities } from '../workflows/journey-api.ts';

export type { ActivityDeps } from './deps.ts';

export function createActivities(deps: ActivityDeps) {
  const email = sendEmailActivities(deps);
  const { sendMessage } = sendMessageActivities(deps, email.sendEmail);
  return {
    ...journeyActivities(deps),
    sendEmail: finishingJourney(deps, email.sendEmail),
    sendMessage: finishingJourney(deps, sendMessage),
    ...httpCallActivities(deps),
    ...scheduledEntryActivities(deps),
    ...maintenanceActivities(deps),
    ...importActivities(deps),
    ...exportActivities(deps),
    ...segmentActivities(deps),
    ...gatewayActivities(deps),
    ...mailingActivities(deps, sendMessage),
    ...reportActivities(deps),
  } satisfies JourneyActivities; // the contract the journey workflow is written against
}

export type Activities = ReturnType<typeof createActivities>;
