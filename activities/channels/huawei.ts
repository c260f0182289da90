// Push to Huawei (HMS) phones through Push Kit's REST API: an OAuth 2.0 client-credentials token
// (kept until a minute before it expires), then POST {apiBaseUrl}/v1/{appId}/messages:send.
// Requests go through the egress policy like every HTTP provider's. Push Kit answers with a code
// of its own in the body: 80000000 is success, 80300007 (all tokens invalid) and 80100000 naming
// the token among illegal_tokens deactivate the device; other codes on a 200 or 4xx are refusals
// for good, and 5xx or 429 read like any HTTP provider's (flow control answers 503: retried).
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import { providerPlatforms } from '../../core/push-gateways.ts';
import type { EgressFetch } from '../egress.ts';
import { type PushGateway, SendFailure } from './gateway.ts';
import { classifyHttpStatus, providerRequest } from './http-provider.ts';

const SUCCESS = '80000000';
const PARTIAL = '80100000';
const TOKENS_INVALID = '80300007';
// OAuth: the token was refused or expired; a fresh one is fetched and the send tried again.
const TOKEN_REFUSED = new Set(['80200001', '80200003']);

interface PushKitAnswer {
  code?: string;
  msg?: string;
  requestId?: string;
}

export function createHuaweiGateway(opts: {
  settings: ProviderSettings['huawei'];
  credentials: ProviderCredentials['huawei'];
  fetch: EgressFetch;
}): PushGateway {
  const { settings, credentials } = opts;
  const base = settings.apiBaseUrl.replace(/\/+$/, '');
  let cached: { token: string; until: number } | undefined;

  async function accessToken(fresh = false): Promise<string> {
    if (!fresh && cached && cached.until > Date.now()) return cached.token;
    const answer = await providerRequest(
      opts.fetch,
      'Huawei OAuth',
      settings.tokenUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: settings.appId,
          client_secret: credentials.clientSecret,
        }).toString(),
      },
      settings.timeoutSeconds,
    ).catch((err: unknown) => {
      // No token, no send: nothing reached Push Kit, whatever happened to this request.
      if (err instanceof SendFailure && err.kind === 'unknown')
        throw new SendFailure('transient', err.message);
      throw err;
    });
    const body = parse(answer.text) as {
      access_token?: string;
      expires_in?: number;
      error_description?: string;
    };
    if (answer.status !== 200 || !body.access_token) {
      const words = `Huawei OAuth ${answer.status}: ${body.error_description ?? answer.text.slice(0, 300)}`;
      throw new SendFailure(
        answer.status >= 500 || answer.status === 429 ? 'transient' : 'permanent',
        words,
      );
    }
    cached = {
      token: body.access_token,
      until: Date.now() + ((body.expires_in ?? 3600) - 60) * 1000,
    };
    return cached.token;
  }

  async function post(
    message: object,
    retried = false,
  ): Promise<PushKitAnswer & { status: number; text: string }> {
    const answer = await providerRequest(
      opts.fetch,
      'Huawei Push Kit',
      `${base}/v1/${settings.appId}/messages:send`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await accessToken(retried)}`,
        },
        body: JSON.stringify({ validate_only: false, message }),
      },
      settings.timeoutSeconds,
    );
    const body = parse(answer.text) as PushKitAnswer;
    if (!retried && (answer.status === 401 || TOKEN_REFUSED.has(body.code ?? '')))
      return post(message, true);
    return { ...body, status: answer.status, text: answer.text };
  }

  return {
    platforms: providerPlatforms.huawei,
    async send(push) {
      const answer = await post({
        notification: {
          title: push.title,
          body: push.body,
          ...(push.imageUrl && { image: push.imageUrl }),
        },
        data: JSON.stringify({
          heraldMessageId: push.messageId,
          ...(push.receipt && { heraldReceipt: push.receipt }),
          ...(push.deepLink && { link: push.deepLink }),
        }),
        android: {
          // Returned in Push Kit's receipts, for Huawei's statistics; receipts are matched by
          // the requestId the send recorded.
          bi_tag: push.messageId,
          notification: {
            click_action: push.deepLink ? { type: 1, intent: push.deepLink } : { type: 3 },
          },
        },
        token: [push.token],
      });
      const words = `Huawei ${answer.status} ${answer.code ?? ''}: ${answer.msg ?? answer.text.slice(0, 300)}`;
      if (answer.code === SUCCESS)
        return {
          ...(answer.requestId && { providerMessageId: answer.requestId }),
          response: words,
        };
      if (
        answer.code === TOKENS_INVALID ||
        (answer.code === PARTIAL && answer.msg?.includes(push.token))
      )
        throw new SendFailure('permanent', words, true);
      throw new SendFailure(
        answer.status === 200 ? 'permanent' : classifyHttpStatus(answer.status),
        words,
      );
    },
    async test() {
      await accessToken(true);
      return `Huawei Push Kit: app ${settings.appId} signed in at ${new URL(settings.tokenUrl).host}`;
    },
    close: () => Promise.resolve(),
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}
