// Campaign lifecycle actions: pause, resume, stop, archive. Each answers with what it did to the
// journeys in flight; GET /v1/campaigns/{id} lists the allowed actions and what each would do.
import { Router } from 'express';
import { z } from 'zod';
import { conflict, notFound } from '../../core/errors.ts';
import { checkTransition, type LifecycleAction, transitions } from '../../core/lifecycle.ts';
import { changeCampaignStatus, getCampaign } from '../../db/campaigns.ts';
import { campaignPausedSignal } from '../../workflows/journey-api.ts';
import type { ApiDeps } from '../deps.ts';
import { forEachOpenJourney } from '../../entry/journeys.ts';
import { syncCampaignSchedules } from '../../entry/schedules.ts';
import { parseBody } from '../validate.ts';

const ACTIONS = ['pause', 'resume', 'stop', 'archive'] as const satisfies LifecycleAction[];

export function campaignLifecycleRouter(deps: ApiDeps): Router {
  const router = Router();
  for (const action of ACTIONS) {
    router.post(`/:id/${action}`, async (req, res) => {
      const id = parseBody(z.uuid('use a campaign ID (a UUID)'), req.params.id, 'campaign ID');
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
          ? await forEachOpenJourney(deps, id, (h) =>
              h.signal(campaignPausedSignal, action === 'pause'),
            )
          : action === 'stop'
            ? await forEachOpenJourney(deps, id, (h) => h.cancel())
            : 0;
      await syncCampaignSchedules(deps, id); // paused with it, or deleted when it stops
      res.json({
        campaign: { id, status: changed.status },
        journeys: { affected, effect: transitions[action].journeys },
      });
    });
  }
  return router;
}
