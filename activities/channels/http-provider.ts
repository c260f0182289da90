// Requests to HTTP providers (Twilio, generic SMS APIs), through the egress policy, with the
// one distinction a send needs: failed before the provider could have the message (safe to
// retry), or after (a timeout, a dropped answer: it may have the message, never resend).
import type { EgressFetch } from '../egress.ts';
import { egressRefusalOf } from '../egress.ts';
import { SendFailure } from './gateway.ts';

// Errors raised before the request reached the provider.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function codeOf(err: unknown): string | undefined {
  for (let e = err; e instanceof Error; e = e.cause as Error | undefined) {
    const code = (e as { code?: string }).code;
    if (code) return code;
  }
  return undefined;
}

export interface ProviderAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** One request; an answer of any status, or a SendFailure when none came. */
export async function providerRequest(
  fetch: EgressFetch,
  provider: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutSeconds: number,
): Promise<ProviderAnswer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutSeconds * 1000) });
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      text: await res.text(),
    };
  } catch (err) {
    const refused = egressRefusalOf(err);
    if (refused) throw new SendFailure('permanent', refused.message);
    const code = codeOf(err);
    if (code && NOT_SENT.has(code))
      throw new SendFailure('transient', `${provider} unreachable: ${code}`);
    const timedOut = (err as Error).name === 'TimeoutError';
    throw new SendFailure(
      'unknown',
      timedOut
        ? `${provider} did not answer within ${timeoutSeconds} s`
        : `${provider}: the answer was lost (${code ?? (err as Error).message})`,
    );
  }
}

/** What an HTTP status means for a send that got it. */
export function classifyHttpStatus(status: number): 'transient' | 'permanent' | 'unknown' {
  if (status === 429 || status === 503 || status === 408) return 'transient';
  if (status >= 500) return 'unknown';
  return 'permanent';
}
