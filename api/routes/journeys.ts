// Journeys from the outside: enter a customer by hand, send an event to one journey, and read
// a journey's state (current node, path taken, next wake-up).
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { JourneyEventInput, ManualEntry } from '../../core/campaign.ts';
import { CampaignParams } from '../../core/contract/campaigns.ts';
import {
  Entered,
  JourneyDetail,
  JourneyEventDelivered,
  WorkflowParams,
} from '../../core/contract/journeys.ts';
import { badRequest, conflict, notFound } from '../../core/errors.ts';
import { temporalWorkflowUrl } from '../../core/ids.ts';
import { getCampaign, getVersion } from '../../db/campaigns.ts';
import { getCustomer, getCustomerByExternalId } from '../../db/customers.ts';
import { getEntryByWorkflowId } from '../../db/entries.ts';
import { insertEvent } from '../../db/events.ts';
import { enterCampaign } from '../../entry/journeys.ts';
import {
  customerEventSignal,
  type JourneyState,
  journeyStateQuery,
} from '../../workflows/journey-api.ts';
import { route } from '../route.ts';

export const journeyRoutes = [
  route({
    method: 'post',
    path: '/v1/campaigns/{id}/entries',
    permission: 'campaigns:write',
    summary: 'Enter a customer into the campaign by hand (the re-entry rule still applies)',
    params: CampaignParams,
    body: ManualEntry,
    responses: { 201: Entered },
    errors: [404, 409, 503],
    handler: async ({ params: { id }, body: input, deps }) => {
      const { db } = deps;
      const campaign = await getCampaign(db, id);
      if (!campaign) throw notFound(`Campaign ${id}`);
      if (
        (campaign.status !== 'active' && campaign.status !== 'paused') ||
        !campaign.current_version
      ) {
        throw conflict(
          `Customers enter active or paused campaigns only; this one is ${campaign.status}.`,
        );
      }
      const version = (await getVersion(db, id, campaign.current_version))!;
      const triggers = version.graph.nodes.filter((n) => n.kind === 'trigger');
      const trigger = input.triggerNodeId
        ? triggers.find((t) => t.id === input.triggerNodeId)
        : triggers[0];
      if (!trigger) {
        throw badRequest('No such trigger', [
          {
            field: 'triggerNodeId',
            message: `use one of: ${triggers.map((t) => t.id).join(', ')}`,
          },
        ]);
      }
      const customer = input.customerId
        ? await getCustomer(db, input.customerId)
        : await getCustomerByExternalId(db, input.externalId!);
      if (!customer) {
        const field = input.customerId ? 'customerId' : 'externalId';
        throw badRequest('No such customer', [
          { field, message: 'name an existing customer; create one with POST /v1/customers' },
        ]);
      }
      const event = {
        id: randomUUID(),
        type: 'campaign_entered',
        properties: { ...input.properties, campaignId: id },
        occurredAt: new Date().toISOString(),
      };
      const result = await enterCampaign(deps, version, trigger.id, customer.id, event);
      if ('refused' in result) throw conflict(`The customer was not entered: ${result.refused}.`);
      // Stored like any event once the customer is in, so the profile's timeline shows the entry;
      // a refused entry (above) leaves no trace of an entry that did not happen.
      await insertEvent(db, { ...event, customerId: customer.id, source: 'manual' });
      return { journey: result.journey };
    },
  }),

  route({
    method: 'post',
    path: '/v1/journeys/{workflowId}/events',
    permission: 'events:write',
    summary: 'Send an event to one running journey only',
    params: WorkflowParams,
    body: JourneyEventInput,
    responses: { 202: JourneyEventDelivered },
    errors: [404, 409],
    handler: async ({ params: { workflowId }, body, deps }) => {
      const entry = await getEntryByWorkflowId(deps.db, workflowId);
      if (!entry) throw notFound(`Journey ${workflowId}`);
      const event = { id: randomUUID(), ...body, occurredAt: new Date().toISOString() };
      try {
        await deps.temporal.workflow
          .getHandle(entry.workflow_id)
          .signal(customerEventSignal, event);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError)
          throw conflict(`Journey ${entry.workflow_id} has finished (${entry.status}).`);
        throw err;
      }
      return { delivered: true as const, event };
    },
  }),

  route({
    method: 'get',
    path: '/v1/journeys/{workflowId}',
    permission: 'campaigns:read',
    summary: "A journey's entry and live state: current node, path taken, next wake-up",
    params: WorkflowParams,
    responses: { 200: JourneyDetail },
    errors: [404],
    handler: async ({ params: { workflowId }, deps }) => {
      // The live state first, then the entry row, so the row is never older than the state.
      let state: JourneyState | null = null;
      try {
        state = await deps.temporal.workflow.getHandle(workflowId).query(journeyStateQuery);
      } catch (err) {
        // Unknown, or a run that has aged out of Temporal's retention: the entry row still tells.
        deps.log.debug({ err, workflowId }, 'journey state query failed');
      }
      const entry = await getEntryByWorkflowId(deps.db, workflowId);
      if (!entry) throw notFound(`Journey ${workflowId}`);
      return {
        journey: {
          workflowId: entry.workflow_id,
          campaignId: entry.campaign_id,
          customerId: entry.customer_id,
          version: entry.version,
          entryNumber: entry.entry_number,
          status: entry.status,
          enteredAt: entry.entered_at.toISOString(),
          finishedAt: entry.finished_at?.toISOString() ?? null,
          temporalUrl: temporalWorkflowUrl(
            deps.config.temporalUiUrl,
            deps.config.TEMPORAL_NAMESPACE,
            entry.workflow_id,
          ),
          state,
        },
      };
    },
  }),
];
