// Campaign payloads shared by the api and the web app.
import { z } from 'zod';
import { CampaignGraph } from './graph.ts';

export const CampaignStatus = z.enum(['draft', 'active', 'paused', 'stopped', 'archived']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

export const CreateCampaign = z.object({
  name: z.string().min(1, 'give the campaign a name').max(200),
  description: z.string().max(2000).optional(),
  /** The folder the campaign list files it in; null takes it out of any. */
  folder: z
    .string()
    .trim()
    .min(1, 'name the folder, or send null for none')
    .max(100, 'keep folder names under 100 characters')
    .nullable()
    .optional(),
  graph: CampaignGraph,
});
export type CreateCampaign = z.infer<typeof CreateCampaign>;

export const UpdateCampaign = CreateCampaign.partial();

export const PublishCampaign = z.object({ note: z.string().max(2000).optional() });

export const CreateTemplate = z.object({
  name: z.string().min(1, 'give the template a name').max(200),
  channel: z.literal('email').default('email'),
  subject: z.string().min(1, 'give the email a subject').max(500),
  mjml: z
    .string()
    .min(1, 'give the email a body in MJML')
    .max(500_000, 'keep the MJML under 500,000 characters: link images, do not inline them'),
});
export type CreateTemplate = z.infer<typeof CreateTemplate>;

/** Enter one customer into a campaign from the api or the web app. */
export const ManualEntry = z
  .object({
    customerId: z.uuid('customerId must be a Herald customer ID (a UUID)').optional(),
    externalId: z.string().min(1).max(200).optional(),
    /** Which trigger the journey starts from; the campaign's first trigger by default. */
    triggerNodeId: z.string().min(1).optional(),
    /** Available to templates as {{ event.properties.* }}. */
    properties: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((e) => e.customerId !== undefined || e.externalId !== undefined, {
    message: 'name the customer with customerId or externalId',
    path: ['customerId'],
  });

/** An event for one running journey only: it reaches no other journey and starts nothing. */
export const JourneyEventInput = z.object({
  type: z.string().min(1, 'name the event type, e.g. "order_shipped"').max(100),
  properties: z.record(z.string(), z.unknown()).default({}),
});
