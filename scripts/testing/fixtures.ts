// Builds campaigns through the real api, as a developer would.
import assert from 'node:assert/strict';
import type { CreateTemplate } from '../../core/campaign.ts';
import type { CampaignGraph, CampaignGraphInput, Duration } from '../../core/graph.ts';
import { welcomeGraph, welcomeTemplate } from '../demo-campaigns.ts';
import type { Harness } from './harness.ts';

export async function createTemplate(h: Harness, template: CreateTemplate): Promise<string> {
  const res = await h.api('/v1/templates', { body: template });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.template.id as string;
}

export async function publishCampaign(
  h: Harness,
  name: string,
  graph: CampaignGraphInput,
): Promise<string> {
  const created = await h.api('/v1/campaigns', { body: { name, graph } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.campaign.id as string;
  const published = await h.api(`/v1/campaigns/${id}/publish`, { body: { note: 'test' } });
  assert.equal(published.status, 201, JSON.stringify(published.body));
  return id;
}

/** A draft campaign that does nothing (trigger, exit); returns its ID. */
export async function createDraftCampaign(h: Harness, name: string): Promise<string> {
  const created = await h.api('/v1/campaigns', {
    body: {
      name,
      graph: {
        nodes: [
          { id: 'in', kind: 'trigger', eventType: 'draft_probe' },
          { id: 'out', kind: 'exit' },
        ],
        edges: [{ from: 'in', to: 'out' }],
      },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.campaign.id as string;
}

/** The demo Welcome campaign (signed_up → welcome email), published; returns its ID. */
export async function publishWelcome(h: Harness): Promise<string> {
  return publishCampaign(h, 'Welcome', welcomeGraph(await createTemplate(h, welcomeTemplate)));
}

/** A published campaign that starts on `eventType` and mails the welcome template a day later. */
export async function publishStartingOn(h: Harness, eventType: string): Promise<string> {
  const templateId = await createTemplate(h, welcomeTemplate);
  return publishCampaign(
    h,
    `On ${eventType}`,
    waitThenEmail(eventType, { amount: 1, unit: 'days' }, templateId),
  );
}

export async function entriesOf(h: Harness, campaignId: string, customerId?: string) {
  const q = h.db('campaign_entries').where({ campaign_id: campaignId });
  if (customerId) void q.where({ customer_id: customerId });
  return q.select('*');
}

/** trigger "in" → delay "wait" → email "mail" → exit "out": the shape most journey tests need. */
export function waitThenEmail(
  eventType: string,
  wait: Duration,
  templateId: string,
): CampaignGraph {
  return {
    nodes: [
      { id: 'in', kind: 'trigger', eventType },
      { id: 'wait', kind: 'delay', duration: wait },
      { id: 'mail', kind: 'sendEmail', templateId },
      { id: 'out', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'wait', exit: 'next' },
      { from: 'wait', to: 'mail', exit: 'next' },
      { from: 'mail', to: 'out', exit: 'next' },
    ],
    reentry: { kind: 'once' },
  };
}
