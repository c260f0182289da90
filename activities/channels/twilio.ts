// SMS through Twilio's Messages API with the `twilio` package. Its requests go through a custom
// httpClient: the egress policy, a base URL that may point at an edge location (or a test
// double), and our timeout, so a request Twilio may have taken is told from one it cannot have.
import twilio from 'twilio';
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import type { EgressFetch } from '../egress.ts';
import { SendFailure, type SmsGateway } from './gateway.ts';
import { classifyHttpStatus, providerRequest } from './http-provider.ts';

type RequestOptions = Parameters<twilio.RequestClient['request']>[0];

// Twilio's codes for a number that cannot receive SMS: the contact is flagged invalid.
// 21211 invalid "To", 21614 not a mobile number, 21217 not a valid phone number.
const INVALID_NUMBER = new Set([21211, 21614, 21217]);

export interface TwilioGatewayOptions {
  settings: ProviderSettings['twilio'];
  credentials: ProviderCredentials['twilio'];
  fetch: EgressFetch;
  defaultSender?: string;
  /** Where Twilio posts the message's status changes. */
  statusCallbackUrl?: string;
}

const form = (data: object) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(data))
    for (const item of Array.isArray(v) ? v : [v])
      if (item !== undefined && item !== null) params.append(k, String(item));
  return params.toString();
};

export function createTwilioGateway(opts: TwilioGatewayOptions): SmsGateway {
  const { settings, credentials } = opts;
  const base = settings.apiBaseUrl?.replace(/\/+$/, '');
  const httpClient = {
    async request(o: RequestOptions) {
      const url = new URL(o.uri);
      const target = base ? `${base}${url.pathname}${url.search}` : url.href;
      const query = o.params ? `${target.includes('?') ? '&' : '?'}${form(o.params)}` : '';
      const answer = await providerRequest(
        opts.fetch,
        'Twilio',
        `${target}${query}`,
        {
          method: o.method.toUpperCase(),
          headers: {
            ...(o.headers as Record<string, string>),
            authorization: `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`,
          },
          ...(o.data ? { body: form(o.data) } : {}),
        },
        settings.timeoutSeconds,
      );
      // The shape twilio's Version reads (its Response class is not exported).
      return { statusCode: answer.status, body: answer.text, headers: answer.headers };
    },
  } as unknown as twilio.RequestClient;
  const client = twilio(credentials.accountSid, credentials.authToken, { httpClient });

  const refusal = (err: unknown): never => {
    if (err instanceof SendFailure) throw err;
    const e = err as { status?: number; code?: number; message?: string };
    if (typeof e.status !== 'number') throw err;
    const words = `Twilio ${e.status}${e.code ? ` ${e.code}` : ''}: ${e.message ?? ''}`.trim();
    throw new SendFailure(
      classifyHttpStatus(e.status),
      words,
      e.code !== undefined && INVALID_NUMBER.has(e.code),
    );
  };

  return {
    async send(sms) {
      const from = sms.from ?? opts.defaultSender;
      if (!from && !settings.messagingServiceSid)
        throw new SendFailure(
          'permanent',
          'the gateway has no sender: add a number to its senders',
        );
      const message = await client.messages
        .create({
          to: sms.to,
          body: sms.text,
          ...(settings.messagingServiceSid && !sms.from
            ? { messagingServiceSid: settings.messagingServiceSid }
            : { from }),
          ...(opts.statusCallbackUrl && { statusCallback: opts.statusCallbackUrl }),
        })
        .catch(refusal);
      return {
        providerMessageIds: [message.sid],
        response: `Twilio ${message.status} ${message.sid} (${message.numSegments ?? 1} segment(s))`,
      };
    },
    async test() {
      const account = await client.api.v2010
        .accounts(credentials.accountSid)
        .fetch()
        .catch(refusal);
      return `Twilio account "${account.friendlyName}" (${account.status})`;
    },
    close: () => Promise.resolve(),
  };
}
