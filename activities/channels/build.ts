// One gateway object from one gateways row: the provider's client, built from its parsed
// settings and opened credentials.
import type { EgressAllow } from '../../core/egress.ts';
import type { EgressFetch } from '../egress.ts';
import { createApnsGateway } from './apns.ts';
import { createFcmGateway } from './fcm.ts';
import { createHuaweiGateway } from './huawei.ts';
import { type GatewayConfig, statusCallbackUrl } from '../../core/gateways.ts';
import type {
  EmailGateway,
  PushGateway,
  ReceivedReport,
  SmsGateway,
  ViberGateway,
} from './gateway.ts';
import { createHttpSmsGateway } from './http-sms.ts';
import { createInfobipViberGateway } from './infobip-viber.ts';
import { createSmppGateway } from './smpp.ts';
import { createSmtpGateway } from './smtp.ts';
import { createTwilioGateway } from './twilio.ts';
import { createWebhookGateway, type WebhookGateway } from './webhook.ts';

export type Built =
  | { channel: 'webhook'; gateway: WebhookGateway }
  | { channel: 'email'; gateway: EmailGateway }
  | { channel: 'sms'; gateway: SmsGateway }
  | { channel: 'viber'; gateway: ViberGateway }
  | { channel: 'push'; gateway: PushGateway };

export interface BuildContext {
  /** HTTP providers' requests go through the egress policy (core/egress.ts). */
  fetch: EgressFetch;
  /** The policy itself, for providers whose libraries open their own connections (FCM, APNs). */
  egress: EgressAllow;
  /** The api's public address, where providers post status callbacks. */
  callbackBaseUrl?: string;
  onReport: (report: ReceivedReport) => Promise<void>;
  onError: (err: Error) => void;
  /** The receipt a push carries for its app to report it delivered or opened. */
  pushReceipt?: (messageId: string) => string;
}

/** A push gateway whose every push carries its receipt token. */
function withReceipts(gateway: PushGateway, receipt?: (messageId: string) => string): PushGateway {
  if (!receipt) return gateway;
  return {
    platforms: gateway.platforms,
    send: (push) => gateway.send({ ...push, receipt: receipt(push.messageId) }),
    test: () => gateway.test(),
    close: () => gateway.close(),
  };
}

export function buildGateway(config: GatewayConfig, ctx: BuildContext): Built {
  const callbacks = ctx.callbackBaseUrl && {
    statusCallbackUrl: statusCallbackUrl(ctx.callbackBaseUrl, config.id, config.callbackToken),
  };
  const http = { fetch: ctx.fetch, defaultSender: config.senders[0], ...callbacks };
  switch (config.provider) {
    case 'smtp':
      return {
        channel: 'email',
        gateway: createSmtpGateway({
          host: config.settings.host,
          port: config.settings.port,
          secure: config.settings.secure,
          from: config.settings.from ?? config.senders[0] ?? 'Herald <hello@herald.local>',
          user: config.credentials?.user,
          password: config.credentials?.password,
          ...(config.settings.dkim &&
            config.credentials?.dkimPrivateKey && {
              dkim: { ...config.settings.dkim, privateKey: config.credentials.dkimPrivateKey },
            }),
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
    case 'twilio':
      return {
        channel: 'sms',
        gateway: createTwilioGateway({
          ...http,
          settings: config.settings,
          credentials: config.credentials,
        }),
      };
    case 'webhook':
      return {
        channel: 'webhook',
        gateway: createWebhookGateway({
          fetch: ctx.fetch,
          settings: config.settings,
          credentials: config.credentials,
        }),
      };
    case 'infobip':
      return {
        channel: 'viber',
        gateway: createInfobipViberGateway({
          ...http,
          settings: config.settings,
          credentials: config.credentials,
        }),
      };
    case 'fcm':
      return {
        channel: 'push',
        gateway: withReceipts(createFcmGateway({ ...config, egress: ctx.egress }), ctx.pushReceipt),
      };
    case 'apns':
      return {
        channel: 'push',
        gateway: withReceipts(
          createApnsGateway({ ...config, egress: ctx.egress }),
          ctx.pushReceipt,
        ),
      };
    case 'huawei':
      return {
        channel: 'push',
        gateway: withReceipts(
          createHuaweiGateway({ ...config, fetch: ctx.fetch }),
          ctx.pushReceipt,
        ),
      };
    case 'http':
      return {
        channel: 'sms',
        gateway: createHttpSmsGateway({
          ...http,
          settings: config.settings,
          credentials: config.credentials,
        }),
      };
  }
}
