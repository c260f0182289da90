// Test runs of a campaign's draft (entry/test-runs.ts): the editor's "Test run" button.
import { ManualEntry } from '../../core/campaign.ts';
import { CampaignParams } from '../../core/contract/campaigns.ts';
import { Entered } from '../../core/contract/journeys.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { CampaignGraph, isTriggerKind } from '../../core/graph.ts';
import { getCampaign } from '../../db/campaigns.ts';
import { getCustomer, getCustomerByExternalId } from '../../db/customers.ts';
import { startTestRun } from '../../entry/test-runs.ts';
import { route } from '../route.ts';
import { publishProblems } from './campaigns.ts';

export const testRunRoutes = [
  route({
    method: 'post',
    path: '/v1/campaigns/{id}/test-runs',
    permission: 'campaigns:write',
    summary:
      "Follow the draft as one tester: a journey through the draft's graph, without publishing and without the re-entry rule; its messages are marked as test",
    params: CampaignParams,
    body: ManualEntry,
    responses: { 201: Entered },
    errors: [404, 503],
    handler: async ({ params: { id }, body: input, deps }) => {
      const campaign = await getCampaign(deps.db, id);
      if (!campaign) throw notFound(`Campaign ${id}`);
      const problems = await publishProblems(deps.db, campaign.draft);
      if (problems.length > 0)
        throw badRequest(
          `The draft cannot run yet: fix ${problems.length} problem(s) first`,
          problems,
        );
      const graph = CampaignGraph.parse(campaign.draft);
      const triggers = graph.nodes.filter((n) => isTriggerKind(n.kind));
      const trigger = input.triggerNodeId
        ? triggers.find((t) => t.id === input.triggerNodeId)
        : triggers[0];
      if (!trigger)
        throw badRequest('No such trigger', [
          {
            field: 'triggerNodeId',
            message: `use one of: ${triggers.map((t) => t.id).join(', ')}`,
          },
        ]);
      const customer = input.customerId
        ? await getCustomer(deps.db, input.customerId)
        : await getCustomerByExternalId(deps.db, input.externalId!);
      if (!customer)
        throw badRequest('No such customer', [
          {
            field: input.customerId ? 'customerId' : 'externalId',
            message: 'pick an existing customer as the tester',
          },
        ]);
      const journey = await startTestRun(deps, {
        campaignId: id,
        graph,
        triggerNodeId: trigger.id,
        customerId: customer.id,
        properties: input.properties,
      });
      return { journey };
    },
  }),
];
