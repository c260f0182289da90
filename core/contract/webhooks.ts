// Webhook sources: systems that post events to /v1/webhooks/{name} with a token or a signature.
import { z } from 'zod';
import { EventType } from '../event.ts';
import { Timestamp } from './common.ts';

export const CreateWebhookSource = z.object({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,62}$/,
      'use lower-case letters, digits, "-" or "_" (it is the URL)',
    ),
  authMode: z.enum(['token', 'hmac-sha256'], {
    message: 'use "token" (a bearer token) or "hmac-sha256" (a signature of the body)',
  }),
  /** Used for events that carry no "type" (systems that send one kind of notification). */
  defaultEventType: EventType.optional(),
});
export type CreateWebhookSource = z.infer<typeof CreateWebhookSource>;

export const WebhookSource = z.object({
  id: z.uuid(),
  name: z.string(),
  authMode: z.enum(['token', 'hmac-sha256']),
  defaultEventType: z.string().optional(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.optional(),
  revoked: z.boolean(),
});
export type WebhookSource = z.infer<typeof WebhookSource>;

/** The credential is shown once: as `token` or as `secret`, by the source's authMode. */
export const WebhookSourceCreated = z.object({
  source: WebhookSource,
  token: z.string().optional(),
  secret: z.string().optional(),
  url: z.string(),
  note: z.string(),
});
export type WebhookSourceCreated = z.infer<typeof WebhookSourceCreated>;

export const WebhookSources = z.object({ sources: z.array(WebhookSource) });
export type WebhookSources = z.infer<typeof WebhookSources>;
