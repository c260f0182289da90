// The activity factory (see temporalio/samples-typescript, activities-dependency-injection).
import type { ActivityDeps } from './deps.ts';
import { exportActivities } from './export.ts';
import { importActivities } from './import.ts';
import { journeyActivities } from './journey.ts';
import { sendEmailActivities } from './send-email.ts';

export type { ActivityDeps } from './deps.ts';

export function createActivities(deps: ActivityDeps) {
  return {
    ...journeyActivities(deps),
    ...sendEmailActivities(deps),
    ...importActivities(deps),
    ...exportActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
