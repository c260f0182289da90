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

// Templates per channel (email, SMS, push, Viber): core/template-input.ts.
export { CreateTemplate } from './template-input.ts';

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
