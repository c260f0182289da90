// Duplicate a campaign: a new draft holding the same graph (the draft as drawn), in the same
// folder, named "… (copy)". Nothing of the original's versions, journeys or numbers comes along.
import { CampaignDraftAnswer, CampaignParams } from '../../core/contract/campaigns.ts';
import { notFound } from '../../core/errors.ts';
import { createCampaign, getCampaign } from '../../db/campaigns.ts';
import { route } from '../route.ts';
import { withDraft } from './campaigns.ts';

export const campaignDuplicateRoutes = [
  route({
    method: 'post',
    path: '/v1/campaigns/{id}/duplicate',
    permission: 'campaigns:write',
    summary: 'Duplicate a campaign as a new draft with the same graph, in the same folder',
    params: CampaignParams,
    responses: { 201: CampaignDraftAnswer },
    errors: [404],
    handler: async ({ params: { id }, deps }) => {
      const original = await getCampaign(deps.db, id);
      if (!original) throw notFound(`Campaign ${id}`);
      // Not audited, as creating a campaign is not: nothing runs until it is published.
      const copy = await createCampaign(deps.db, {
        name: `${original.name.slice(0, 193)} (copy)`,
        description: original.description ?? undefined,
        folder: original.folder,
        graph: original.draft,
      });
      return withDraft(deps.db, copy);
    },
  }),
];
