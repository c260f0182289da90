// One generic HTTP SMS provider whose request and answer are configuration (the reference's
// Smstraffic / Devino kind): fields rendered with Liquid over to, from, text and messageId, sent
// as JSON, a form or a query string; the provider's message ID read from its JSON answer.
import { Liquid } from 'liquidjs';
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import { LIQUID_LIMITS } from '../../core/templates.ts';
import type { EgressFetch } from '../egress.ts';
import { SendFailure, type SmsGateway } from './gateway.ts';
import { classifyHttpStatus, providerRequest } from './http-provider.ts';

const liquid = new Liquid({ strictFilters: true, ...LIQUID_LIMITS });

/** The value at a dotted path ("result.0.id") of a parsed JSON answer. */
export function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) =>
        v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined,
      value,
    );
}

export interface HttpSmsGatewayOptions {
  settings: ProviderSettings['http'];
  credentials: ProviderCredentials['http'];
  fetch: EgressFetch;
  defaultSender?: string;
  statusCallbackUrl?: string;
}

export function createHttpSmsGateway(opts: HttpSmsGatewayOptions): SmsGateway {
  const { settings, credentials } = opts;
  const host = new URL(settings.url).host;

  async function request(scope: Record<string, unknown>) {
    const fields: Record<string, string> = {};
    for (const [name, template] of Object.entries(settings.fields))
      fields[name] = (await liquid.parseAndRender(template, scope)) as string;
    const params = new URLSearchParams(fields).toString();
    const inQuery = settings.encoding === 'query' || settings.method === 'GET';
    const url = inQuery
      ? `${settings.url}${settings.url.includes('?') ? '&' : '?'}${params}`
      : settings.url;
    const body = inQuery
      ? undefined
      : settings.encoding === 'json'
        ? JSON.stringify(fields)
        : params;
    const contentType =
      settings.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    return providerRequest(
      opts.fetch,
      host,
      url,
      {
        method: settings.method,
        headers: {
          ...(body !== undefined && { 'content-type': contentType }),
          ...credentials.headers,
        },
        ...(body !== undefined && { body }),
      },
      settings.timeoutSeconds,
    );
  }

  return {
    async send(sms) {
      const answer = await request({
        to: sms.to,
        from: sms.from ?? opts.defaultSender ?? '',
        text: sms.text,
        messageId: sms.messageId,
        statusCallbackUrl: opts.statusCallbackUrl ?? '',
      });
      const words = `${host} ${answer.status}: ${answer.text.slice(0, 500)}`;
      if (answer.status >= 300) {
        const invalid =
          settings.invalidNumberText !== undefined &&
          answer.text.toLowerCase().includes(settings.invalidNumberText.toLowerCase());
        throw new SendFailure(classifyHttpStatus(answer.status), words, invalid);
      }
      let id: unknown;
      try {
        id = valueAt(JSON.parse(answer.text), settings.messageIdPath);
      } catch {
        id = undefined;
      }
      // Accepted, but without the ID its reports would name: sent, and said so.
      if (typeof id !== 'string' && typeof id !== 'number')
        throw new SendFailure('unknown', `${words} (no message ID at "${settings.messageIdPath}")`);
      return { providerMessageIds: [String(id)], response: words };
    },
    async test() {
      // No standard "who am I" here: a request without a message shows the URL and credentials
      // reach the provider, and what it says to them.
      const answer = await providerRequest(
        opts.fetch,
        host,
        settings.url,
        { method: 'GET', headers: credentials.headers },
        settings.timeoutSeconds,
      );
      if (answer.status === 401 || answer.status === 403)
        throw new SendFailure(
          'permanent',
          `${host} ${answer.status}: ${answer.text.slice(0, 300)}`,
        );
      return `${host} answered ${answer.status}`;
    },
    close: () => Promise.resolve(),
  };
}
