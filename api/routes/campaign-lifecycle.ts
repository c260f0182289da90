// Campaign lifecycle actions: pause, resume, stop, archive. Each answers with what it did to the
// journeys in flight; GET /v1/campaigns/{id} lists the allowed actions and what each would do.
import { CampaignParams, LifecycleResult } from '../../core/contract/campaigns.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { checkTransition, type LifecycleAction, transitions } from '../../core/lifecycle.ts';
import { changeCampaignStatus, getCampaign } from '../../db/campaigns.ts';
import { forEachOpenJourney } from '../../entry/journeys.ts';
import { syncCampaignSchedules } from '../../entry/schedules.ts';
import { campaignPausedSignal } from '../../workflows/journey-api.ts';
import { route } from '../route.ts';

const ACTIONS = ['pause', 'resume', 'stop', 'archive'] as const satisfies LifecycleAction[];
const capitalized = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

export const campaignLifecycleRoutes = ACTIONS.map((action) =>
  route({
    method: 'post',
    path: `/v1/campaigns/{id}/${action}`,
    permission: 'campaigns:write',
    summary: `${capitalized(action)} the campaign; answers with the journeys affected`,
    params: CampaignParams,
    responses: { 200: LifecycleResult },
    errors: [404, 409],
    handler: async ({ params: { id }, deps }) => {
      const campaign = await getCampaign(deps.db, id);
      if (!campaign) throw notFound(`Campaign ${id}`);
      const check = checkTransition(action, campaign.status);
      if (!check.allowed) throw conflict(check.reason);
      const changed = await changeCampaignStatus(deps.db, id, campaign.status, check.to);
      if (!changed)
        throw conflict('The campaign changed while you were deciding; reload it and try again.');
      // The status is saved first, so journeys that start from now on already see it.
      const affected =
        action === 'pause' || action === 'resume'
          ? await forEachOpenJourney(deps, { campaignId: id }, (h) =>
              h.signal(campaignPausedSignal, action === 'pause'),
            )
          : action === 'stop'
            ? await forEachOpenJourney(deps, { campaignId: id }, (h) => h.cancel())
            : 0;
      await syncCampaignSchedules(deps, id); // paused with it, or deleted when it stops
      return {
        campaign: { id, status: changed.status },
        journeys: { affected, effect: transitions[action].journeys },
      };
    },
  }),
);
