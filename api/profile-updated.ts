// A changed profile is an event: `profile_updated` with what changed, before and after, so that
// campaigns can react ("confirm your new email") and the timeline shows who changed what.
import type { ProfileChanges } from '../db/customers.ts';
import type { ApiDeps } from './deps.ts';
import { ingestEvent } from './ingest.ts';

/** Records one profile_updated event; call it only for a known customer that changed. */
export async function recordProfileUpdate(
  deps: ApiDeps,
  customerId: string,
  changes: ProfileChanges,
): Promise<void> {
  await ingestEvent(deps, { customerId, type: 'profile_updated', properties: { ...changes } });
}
