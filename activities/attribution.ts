// A mailing's attribution recomputed after its rules changed (workflows/attribution.ts).
import { recomputeMarked } from '../db/attribution-recomputes.ts';
import type { ActivityDeps } from './deps.ts';

export function attributionActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /** Moves the credit to or from the mailing under its rules as saved now. */
    recomputeMailingAttribution: (mailingId: string) => recomputeMarked(db, mailingId),
  };
}
