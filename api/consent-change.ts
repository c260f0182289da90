// One consent change, wherever it comes from (the api, the preference page, a one-click
// unsubscribe): recorded with its source and history, and, when it changed the subscription, a
// subscription_changed event, so that campaigns can react to it.
import { type Consent, recordConsent } from '../db/privacy.ts';
import { openPipeline } from '../entry/pipeline.ts';
import type { ApiDeps } from './deps.ts';

export async function changeConsent(
  deps: ApiDeps,
  customerId: string,
  consent: Consent,
): Promise<{ changed: boolean; eventId?: string }> {
  const { changed } = await recordConsent(deps.db, customerId, consent);
  if (!changed) return { changed };
  const recorded = await openPipeline(deps).record({
    customerId,
    type: 'subscription_changed',
    properties: { ...consent },
    source: 'consent',
  });
  return { changed, eventId: recorded?.event.id };
}
