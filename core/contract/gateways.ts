// Gateways as the api answers them: settings and senders, never the credentials (only which
// fields are set), and the address their delivery reports are posted to.
import { z } from 'zod';
import { Channel } from '../channels.ts';
import { GatewayProvider } from '../gateways.ts';
import { Timestamp } from './common.ts';

export const Gateway = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: Channel,
  provider: GatewayProvider,
  settings: z.record(z.string(), z.unknown()),
  /** Names of the credential fields that are set; their values are never answered. */
  credentialFields: z.array(z.string()),
  senders: z.array(z.string()),
  ratePerSecond: z.number().nullable(),
  isDefault: z.boolean(),
  /** "environment": the SMTP_* settings of the installation, changed there, not here. */
  managedBy: z.enum(['api', 'environment']),
  /** Where the provider posts delivery reports, for providers that post them. */
  statusCallbackUrl: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Gateway = z.infer<typeof Gateway>;

export const GatewayAnswer = z.object({ gateway: Gateway });
export type GatewayAnswer = z.infer<typeof GatewayAnswer>;
export const Gateways = z.object({ gateways: z.array(Gateway) });
export type Gateways = z.infer<typeof Gateways>;

/** "Test connection": whether the provider accepted the credentials, in its own words. */
export const GatewayTestResult = z.object({
  ok: z.boolean(),
  detail: z.string(),
  testedAt: Timestamp,
});
export type GatewayTestResult = z.infer<typeof GatewayTestResult>;
