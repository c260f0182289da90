// Campaign payloads shared by the api and the web app.
import { z } from 'zod';
import { CampaignGraph } from './graph.ts';

export const CampaignStatus = z.enum(['draft', 'active', 'paused', 'stopped', 'archived']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

export const CreateCampaign = z.object({
  name: z.string().min(1, 'give the campaign a name').max(200),
  description: z.string().max(2000).optional(),
  graph: CampaignGraph,
});
export type CreateCampaign = z.infer<typeof CreateCampaign>;

export const UpdateCampaign = CreateCampaign.partial();

export const PublishCampaign = z.object({ note: z.string().max(2000).optional() });

export const CreateTemplate = z.object({
  name: z.string().min(1, 'give the template a name').max(200),
  channel: z.literal('email').default('email'),
  subject: z.string().min(1, 'give the email a subject').max(500),
  mjml: z.string().min(1, 'give the email a body in MJML'),
});
export type CreateTemplate = z.infer<typeof CreateTemplate>;
