// One gateway object from one gateways row: the provider's client, built from its parsed
// settings and opened credentials.
import type { EgressAllow } from '../../core/egress.ts';
import type { GatewayConfig } from '../../core/gateways.ts';
import type { EmailGateway, ReceivedReport, SmsGateway } from './gateway.ts';
import { createSmppGateway } from './smpp.ts';
import { createSmtpGateway } from './smtp.ts';

export type Built =
  { channel: 'email'; gateway: EmailGateway } | { channel: 'sms'; gateway: SmsGateway };

export interface BuildContext {
  egress: EgressAllow;
  /** The api's public address, where providers post status callbacks. */
  callbackBaseUrl?: string;
  onReport: (report: ReceivedReport) => Promise<void>;
  onError: (err: Error) => void;
}

export function buildGateway(config: GatewayConfig, ctx: BuildContext): Built {
  switch (config.provider) {
    case 'smtp':
      return {
        channel: 'email',
        gateway: createSmtpGateway({
          ...config.settings,
          from: config.settings.from ?? config.senders[0] ?? 'Herald <hello@herald.local>',
          user: config.credentials?.user,
          password: config.credentials?.password,
        }),
      };
    case 'smpp':
      return {
        channel: 'sms',
        gateway: createSmppGateway({
          settings: config.settings,
          credentials: config.credentials,
          defaultSender: config.senders[0],
          onReport: ctx.onReport,
          onError: ctx.onError,
        }),
      };
  }
}
