// Gateways as data: a provider account Herald sends one channel through, with its settings,
// its credentials (sealed at rest, never answered), the senders it may use and a rate limit.
// Each provider declares its settings and credentials here once; the api validates with these
// schemas and the worker builds the provider's client from what they parsed.
import { z } from 'zod';
import type { Channel } from './channels.ts';
import {
  type PushProviderCredentials,
  type PushProviderSettings,
  pushProviders,
} from './push-gateways.ts';

export const GatewayProvider = z.enum([
  'smtp',
  'smpp',
  'twilio',
  'http',
  'webhook',
  'infobip',
  'fcm',
  'apns',
  'huawei',
]);
export type GatewayProvider = z.infer<typeof GatewayProvider>;

/** The channel each provider sends: a gateway's channel follows from its provider. */
export const providerChannel: Record<GatewayProvider, Channel> = {
  smtp: 'email',
  smpp: 'sms',
  twilio: 'sms',
  http: 'sms',
  webhook: 'webhook',
  infobip: 'viber',
  fcm: 'push',
  apns: 'push',
  huawei: 'push',
};

const host = z
  .string()
  .min(1, 'give the host name or address, e.g. "smsc.example.com"')
  .max(253)
  .regex(/^[^\s/:]+$|^\[[0-9a-f:]+\]$/i, 'a bare host name or address, without scheme or port');
const port = (fallback: number) => z.number().int().min(1).max(65535).default(fallback);
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .max(2000, 'keep the URL under 2,000 characters');

export const SmtpSettings = z.strictObject({
  host,
  port: port(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** The From header, e.g. "Shop <news@shop.example>"; the gateway's first sender otherwise. */
  from: z.string().min(3).max(300).optional(),
  /** DKIM signing: the domain and selector whose DNS record holds the public key. */
  dkim: z
    .strictObject({
      domainName: z
        .string()
        .min(3)
        .max(253)
        .regex(/^[a-z0-9.-]+$/i, 'a domain name, e.g. "shop.example"'),
      keySelector: z
        .string()
        .min(1)
        .max(63)
        .regex(/^[a-z0-9_-]+$/i, 'a selector, e.g. "mail2026"'),
    })
    .optional(),
});
export const SmtpCredentials = z
  .strictObject({
    user: z.string().min(1).max(300).optional(),
    password: z.string().max(300).optional(),
    /** The DKIM private key (PEM), sealed like every credential. */
    dkimPrivateKey: z
      .string()
      .regex(
        /-----BEGIN (RSA )?PRIVATE KEY-----/,
        'a PEM private key ("-----BEGIN PRIVATE KEY-----...")',
      )
      .max(10_000)
      .optional(),
  })
  .refine((c) => (c.user === undefined) === (c.password === undefined), {
    message: 'give user and password together',
    path: ['password'],
  });

export const SmppSettings = z.strictObject({
  host,
  port: port(2775),
  /** SMPP over TLS ("ssmpp"). */
  tls: z.boolean().default(false),
  systemType: z.string().max(12).default(''),
  /** submit_sm the gateway keeps in flight at once before it waits for answers. */
  windowSize: z.number().int().min(1).max(100).default(10),
  /** How often an idle session is kept alive with enquire_link. */
  enquireLinkSeconds: z.number().int().min(5).max(600).default(30),
  /** How long a submit_sm may wait for its answer before the send counts as "unknown". */
  submitTimeoutSeconds: z.number().int().min(1).max(120).default(15),
});
export const SmppCredentials = z.strictObject({
  systemId: z.string().min(1, 'give the system_id the SMSC issued').max(15),
  password: z.string().max(8, 'SMPP passwords are at most 8 characters'),
});

export const TwilioSettings = z.strictObject({
  /** Twilio's API base (an edge location, or a test double); https://api.twilio.com otherwise. */
  apiBaseUrl: httpUrl.optional(),
  /** Send through a Messaging Service instead of a sender number. */
  messagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-f]{32}$/i, 'a Messaging Service SID: MG and 32 hex digits')
    .optional(),
  /** How long a request may go unanswered before the send counts as "unknown". */
  timeoutSeconds: z.number().int().min(1).max(120).default(30),
});
export const TwilioCredentials = z.strictObject({
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/i, 'an Account SID: AC and 32 hex digits'),
  authToken: z.string().min(1, 'give the Auth Token').max(200),
});

/** A value sent to a generic HTTP provider: Liquid over to, from, text and messageId. */
const mappedValue = z.string().max(2000);
export const HttpSmsSettings = z.strictObject({
  url: httpUrl,
  method: z.enum(['POST', 'GET']).default('POST'),
  /** How the fields travel: a JSON body, a form body, or (GET) the query string. */
  encoding: z.enum(['json', 'form', 'query']).default('json'),
  /** Field name to Liquid: { "phone": "{{ to }}", "msg": "{{ text }}", "sender": "{{ from }}" }. */
  fields: z
    .record(z.string().min(1).max(100), mappedValue)
    .refine((f) => Object.keys(f).length > 0, 'map at least the text and the number'),
  /** Dotted path of the provider's message ID in its JSON answer ("result.id"). */
  messageIdPath: z.string().min(1).max(200),
  /**
   * Text in a refusal (4xx) that means the number itself is bad ("invalid number"): the
   * contact is flagged. Case-insensitive words, not a pattern.
   */
  invalidNumberText: z.string().min(1).max(200).optional(),
  timeoutSeconds: z.number().int().min(1).max(120).default(30),
  /** The delivery report the provider posts (JSON, form or query string). */
  report: z
    .strictObject({
      idField: z.string().min(1).max(100),
      statusField: z.string().min(1).max(100),
      delivered: z.array(z.string().max(100)).min(1),
      failed: z.array(z.string().max(100)).min(1),
      errorField: z.string().min(1).max(100).optional(),
    })
    .optional(),
});
export const HttpSmsCredentials = z.strictObject({
  /** Headers sent with every request, e.g. { "Authorization": "Bearer …" }. */
  headers: z.record(z.string().min(1).max(100), z.string().max(2000)).default({}),
});

export const WebhookSettings = z.strictObject({
  url: httpUrl,
  timeoutSeconds: z.number().int().min(1).max(120).default(10),
});
export const WebhookCredentials = z.strictObject({
  /** Signs each body (X-Herald-Signature); give the receiver the same secret. */
  signingSecret: z.string().min(16, 'use a signing secret of at least 16 characters').max(200),
});

export const InfobipSettings = z.strictObject({
  /** The account's own API base ("https://xxxxx.api.infobip.com"), or a test double. */
  baseUrl: httpUrl,
  /** How long a request may go unanswered before the send counts as "unknown". */
  timeoutSeconds: z.number().int().min(1).max(120).default(30),
});
export const InfobipCredentials = z.strictObject({
  /** Sent as "Authorization: App <key>". */
  apiKey: z.string().min(1, 'give the API key from the Infobip portal').max(500),
});

const providers = {
  smtp: { settings: SmtpSettings, credentials: SmtpCredentials.optional() },
  smpp: { settings: SmppSettings, credentials: SmppCredentials },
  twilio: {
    settings: TwilioSettings.default({ timeoutSeconds: 30 }),
    credentials: TwilioCredentials,
  },
  http: { settings: HttpSmsSettings, credentials: HttpSmsCredentials.default({ headers: {} }) },
  webhook: { settings: WebhookSettings, credentials: WebhookCredentials },
  infobip: { settings: InfobipSettings, credentials: InfobipCredentials },
  ...pushProviders,
} as const;

export type ProviderSettings = {
  smtp: z.infer<typeof SmtpSettings>;
  smpp: z.infer<typeof SmppSettings>;
  twilio: z.infer<typeof TwilioSettings>;
  http: z.infer<typeof HttpSmsSettings>;
  webhook: z.infer<typeof WebhookSettings>;
  infobip: z.infer<typeof InfobipSettings>;
} & PushProviderSettings;
export type ProviderCredentials = {
  smtp: z.infer<typeof SmtpCredentials> | undefined;
  smpp: z.infer<typeof SmppCredentials>;
  twilio: z.infer<typeof TwilioCredentials>;
  http: z.infer<typeof HttpSmsCredentials>;
  webhook: z.infer<typeof WebhookCredentials>;
  infobip: z.infer<typeof InfobipCredentials>;
} & PushProviderCredentials;

/** A gateway as the worker uses it: one provider's settings with its opened credentials. */
export type GatewayConfig = {
  [P in GatewayProvider]: {
    id: string;
    name: string;
    provider: P;
    channel: Channel;
    settings: ProviderSettings[P];
    credentials: ProviderCredentials[P];
    senders: string[];
    ratePerSecond: number | null;
    callbackToken: string;
  };
}[GatewayProvider];

const common = {
  name: z.string().trim().min(1, 'name the gateway').max(100),
  /** Sender names or numbers this account may use; the first is the default. */
  senders: z
    .array(z.string().trim().min(1).max(100))
    .max(100)
    .default([])
    .refine((s) => new Set(s).size === s.length, 'list each sender once'),
  /** Messages per second the provider accepts; absent: no limit. */
  ratePerSecond: z.number().positive().max(100_000).nullable().optional(),
  /** The gateway a channel's messages go through unless a step names another. */
  isDefault: z.boolean().default(false),
};

function variant<P extends GatewayProvider>(provider: P) {
  const channel = providerChannel[provider];
  return z.object({
    ...common,
    provider: z.literal(provider),
    channel: z
      .literal(channel, { error: `${provider} sends ${channel}: set channel to "${channel}"` })
      .default(channel as never),
    settings: providers[provider].settings,
    credentials: providers[provider].credentials,
  });
}

/** What one part cannot check alone: a DKIM domain needs its key among the credentials. */
function crossCheck(
  g: { provider: GatewayProvider; settings: unknown; credentials: unknown },
  ctx: z.RefinementCtx,
) {
  const dkim = g.provider === 'smtp' && (g.settings as ProviderSettings['smtp']).dkim;
  if (dkim && !(g.credentials as ProviderCredentials['smtp'])?.dkimPrivateKey)
    ctx.addIssue({
      code: 'custom',
      path: ['credentials', 'dkimPrivateKey'],
      message: `signing for ${dkim.domainName} needs the private key of selector ${dkim.keySelector}`,
    });
}

export const CreateGateway = z
  .discriminatedUnion(
    'provider',
    [
      variant('smtp'),
      variant('smpp'),
      variant('twilio'),
      variant('http'),
      variant('webhook'),
      variant('infobip'),
      variant('fcm'),
      variant('apns'),
      variant('huawei'),
    ],
    { error: `provider must be one of ${GatewayProvider.options.join(', ')}` },
  )
  .superRefine(crossCheck);
export type CreateGateway = z.infer<typeof CreateGateway>;

/** A change: settings and credentials are replaced whole when given (credentials are write-only). */
export const UpdateGateway = z.strictObject({
  name: common.name.optional(),
  senders: common.senders.optional(),
  ratePerSecond: common.ratePerSecond,
  isDefault: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateGateway = z.infer<typeof UpdateGateway>;

/** Parses one provider's settings and credentials, e.g. for a change to a stored gateway. */
export function parseProviderParts(
  provider: GatewayProvider,
  parts: { settings: unknown; credentials: unknown },
) {
  return z
    .object({
      settings: providers[provider].settings,
      credentials: providers[provider].credentials,
    })
    .superRefine((p, ctx) => crossCheck({ provider, ...p }, ctx))
    .safeParse(parts);
}

/** Where a provider posts a gateway's delivery reports, below the api's public address. */
export const statusCallbackUrl = (baseUrl: string, gatewayId: string, token: string) =>
  `${baseUrl.replace(/\/+$/, '')}/callbacks/gateways/${gatewayId}/${token}`;
