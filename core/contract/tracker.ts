// The JS tracker: the sites allowed to send, and what tracker.js posts to /track/collect.
import { z } from 'zod';
import { CustomerAttributes } from '../customer.ts';
import { EventType, IsoTime } from '../event.ts';
import { Timestamp } from './common.ts';
import { RegisterDevice } from './devices.ts';

const Origin = z
  .string()
  .url('use an origin such as "https://shop.example.com"')
  .transform((u) => new URL(u).origin);

export const CreateTrackerSite = z.object({
  name: z.string().min(1).max(200),
  allowedOrigins: z
    .array(Origin)
    .min(1, 'list the origins (scheme, host and port) the tracker runs on'),
});
export type CreateTrackerSite = z.infer<typeof CreateTrackerSite>;

const VisitorId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a visitor ID from the tracker');

export const CollectPayload = z.object({
  key: z.string().min(1, 'the site public key'),
  visitorId: VisitorId,
  eventId: z.string().max(100).optional(),
  type: z.union([z.literal('identify'), z.literal('push_token'), EventType]),
  properties: z.record(z.string(), z.unknown()).default({}),
  externalId: z.string().min(1).max(200).optional(),
  /** identify only: the site server's HMAC-SHA256 (hex) of externalId with the identity secret. */
  userHash: z
    .string()
    .regex(
      /^[0-9a-fA-F]{64}$/,
      "the HMAC-SHA256 (64 hex digits) of the external ID with the site's identity secret",
    )
    .optional(),
  customer: CustomerAttributes.optional(),
  /** push_token only: the browser's web-push token (FCM's getToken()) for the identified visitor. */
  pushToken: RegisterDevice.shape.token.optional(),
  occurredAt: IsoTime().optional(),
  url: z.string().max(2000).optional(),
  referrer: z.string().max(2000).optional(),
});
export type CollectPayload = z.infer<typeof CollectPayload>;

/** An event stored, an identify that merged the visitor's earlier events, or a web-push token. */
export const Collected = z.union([
  z.object({ deviceId: z.uuid(), registered: z.boolean() }),
  z.object({ id: z.uuid(), duplicate: z.boolean() }),
  z.object({ customerId: z.uuid(), eventsMerged: z.number() }),
]);
export type Collected = z.infer<typeof Collected>;

export const TrackerSite = z.object({
  id: z.uuid(),
  name: z.string(),
  publicKey: z.string(),
  allowedOrigins: z.array(z.string()),
  /** Whether the site has an identity secret, without which its identify calls are refused. */
  identityVerification: z.boolean(),
  createdAt: Timestamp,
});
export type TrackerSite = z.infer<typeof TrackerSite>;

/** A site's identity secret, shown once: the site's server signs external IDs with it. */
export const IdentitySecret = z.object({
  site: TrackerSite,
  identitySecret: z.string(),
  note: z.string(),
});
export type IdentitySecret = z.infer<typeof IdentitySecret>;

export const TrackerSiteCreated = IdentitySecret.extend({
  /** The script tag to paste into the site's pages. */
  snippet: z.string(),
});
export type TrackerSiteCreated = z.infer<typeof TrackerSiteCreated>;
export const TrackerSites = z.object({ sites: z.array(TrackerSite) });
export type TrackerSites = z.infer<typeof TrackerSites>;

export const TrackerScriptQuery = z.object({ key: z.string().optional() });
export type TrackerScriptQuery = z.infer<typeof TrackerScriptQuery>;
