// The webhook channel: a signed JSON POST of the message to a configured URL. The body is signed
// with HMAC-SHA256 under the gateway's secret (X-Herald-Signature: t=<unix seconds>,v1=<hex> of
// "<t>.<body>"), and carries the message ID as Idempotency-Key, so a receiver drops repeats: a
// timeout is therefore retried like a refused connection, with Temporal's backoff. Requests go
// through the egress policy (core/egress.ts), as HTTP-call steps do.
import { createHmac } from 'node:crypto';
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import type { EgressFetch } from '../egress.ts';
import { SendFailure } from './gateway.ts';
import { providerRequest } from './http-provider.ts';

export interface WebhookGateway {
  /** Where it posts; recorded as the message's address. */
  readonly url: string;
  send(message: { messageId: string; payload: object }): Promise<{ response: string }>;
  test(): Promise<string>;
  close(): Promise<void>;
}

/** The signature header of a body sent at `time` (unix seconds). */
export function webhookSignature(secret: string, time: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${time}.${body}`).digest('hex');
  return `t=${time},v1=${digest}`;
}

export function createWebhookGateway(opts: {
  settings: ProviderSettings['webhook'];
  credentials: ProviderCredentials['webhook'];
  fetch: EgressFetch;
}): WebhookGateway {
  const { settings, credentials } = opts;
  const host = new URL(settings.url).host;
  async function post(messageId: string, payload: object) {
    const body = JSON.stringify(payload);
    try {
      return await providerRequest(
        opts.fetch,
        host,
        settings.url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': messageId,
            'x-herald-signature': webhookSignature(
              credentials.signingSecret,
              Math.floor(Date.now() / 1000),
              body,
            ),
          },
          body,
        },
        settings.timeoutSeconds,
      );
    } catch (err) {
      // The receiver drops a repeat by its Idempotency-Key: no answer is worth another try.
      if (err instanceof SendFailure && err.kind === 'unknown')
        throw new SendFailure('transient', err.message);
      throw err;
    }
  }
  return {
    url: settings.url,
    async send({ messageId, payload }) {
      const answer = await post(messageId, payload);
      const words = `${host} ${answer.status}: ${answer.text.slice(0, 300)}`;
      if (answer.status >= 300)
        throw new SendFailure(
          answer.status >= 500 || answer.status === 429 || answer.status === 408
            ? 'transient'
            : 'permanent',
          words,
        );
      return { response: words };
    },
    async test() {
      const answer = await post(`test-${Date.now()}`, { type: 'herald.test' });
      if (answer.status >= 300)
        throw new SendFailure(
          'permanent',
          `${host} ${answer.status}: ${answer.text.slice(0, 300)}`,
        );
      return `${host} answered ${answer.status}`;
    },
    close: () => Promise.resolve(),
  };
}
