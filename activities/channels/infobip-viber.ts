// Viber through Infobip's HTTP API (POST /viber/2/messages): text, an image and one button,
// "Authorization: App <key>", and the delivery and seen reports posted to the gateway's callback
// URL (api/routes/gateway-callbacks.ts reads them with infobipReports below). The base URL is the
// account's own (xxxxx.api.infobip.com), or a local double in tests.
import { z } from 'zod';
import { InfobipStatus } from '../../core/viber-reports.ts';
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import type { EgressFetch } from '../egress.ts';
import { SendFailure, type ViberGateway } from './gateway.ts';
import { classifyHttpStatus, providerRequest } from './http-provider.ts';

export interface InfobipViberOptions {
  settings: ProviderSettings['infobip'];
  credentials: ProviderCredentials['infobip'];
  fetch: EgressFetch;
  defaultSender?: string;
  /** Where Infobip posts delivery and seen reports. */
  statusCallbackUrl?: string;
}

const SendAnswer = z.object({
  messages: z.array(z.object({ messageId: z.string(), status: InfobipStatus.optional() })).min(1),
});
const RequestError = z.object({
  requestError: z.object({
    serviceException: z.object({ messageId: z.string().optional(), text: z.string().optional() }),
  }),
});

// Statuses in a send's answer that name the number itself as bad: the contact is flagged.
const INVALID_NUMBER = /MISSING_TO|PREFIX_MISSING|REJECTED_DESTINATION|INVALID_DESTINATION/;

const words = (status: number, text: string) => {
  const parsed = RequestError.safeParse(safeJson(text));
  const e = parsed.success ? parsed.data.requestError.serviceException : undefined;
  return `Infobip ${status}: ${e ? `${e.messageId ?? ''} ${e.text ?? ''}`.trim() : text.slice(0, 300)}`;
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createInfobipViberGateway(opts: InfobipViberOptions): ViberGateway {
  const base = opts.settings.baseUrl.replace(/\/+$/, '');
  const headers = {
    authorization: `App ${opts.credentials.apiKey}`,
    accept: 'application/json',
  };
  const call = (method: string, path: string, body?: unknown) =>
    providerRequest(
      opts.fetch,
      'Infobip',
      `${base}${path}`,
      {
        method,
        headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      },
      opts.settings.timeoutSeconds,
    );

  return {
    async send(m) {
      const sender = m.from ?? opts.defaultSender;
      if (!sender)
        throw new SendFailure('permanent', 'the gateway has no sender: add the Viber sender name');
      const content = m.imageUrl
        ? {
            type: 'IMAGE',
            mediaUrl: m.imageUrl,
            text: m.text,
            ...(m.button && { button: m.button }),
          }
        : { type: 'TEXT', text: m.text, ...(m.button && { button: m.button }) };
      const answer = await call('POST', '/viber/2/messages', {
        messages: [
          {
            sender,
            // Infobip wants the number without its "+"; our ID lets a report name the message.
            destinations: [{ to: m.to.replace(/^\+/, ''), messageId: m.messageId }],
            content,
            ...(opts.statusCallbackUrl && {
              webhooks: {
                delivery: { url: opts.statusCallbackUrl },
                seen: { url: opts.statusCallbackUrl },
                contentType: 'application/json',
              },
            }),
          },
        ],
      });
      if (answer.status >= 300)
        throw new SendFailure(classifyHttpStatus(answer.status), words(answer.status, answer.text));
      const parsed = SendAnswer.safeParse(safeJson(answer.text));
      if (!parsed.success)
        throw new SendFailure(
          'unknown',
          `Infobip ${answer.status}: unreadable answer ${answer.text.slice(0, 200)}`,
        );
      const [sent] = parsed.data.messages;
      const status = sent!.status;
      const said = `Infobip ${status?.groupName ?? 'accepted'}${status?.name ? ` ${status.name}` : ''}${status?.description ? `: ${status.description}` : ''}`;
      // Accepted by the api but refused for this destination: a 200 that is a refusal.
      if (status?.groupName === 'REJECTED')
        throw new SendFailure('permanent', said, INVALID_NUMBER.test(status.name ?? ''));
      return { providerMessageId: sent!.messageId, response: said };
    },
    async test() {
      const answer = await call('GET', '/account/1/balance');
      if (answer.status >= 300)
        throw new SendFailure(classifyHttpStatus(answer.status), words(answer.status, answer.text));
      const balance = safeJson(answer.text) as { balance?: number; currency?: string } | undefined;
      return `Infobip account balance ${balance?.balance ?? '?'} ${balance?.currency ?? ''}`.trim();
    },
    close: () => Promise.resolve(),
  };
}
