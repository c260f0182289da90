// The "HTTP call" step: a request to an external system, its URL, headers and body rendered
// with Liquid over the customer and the trigger event. 2xx is success; a 4xx is a definite
// failure; 5xx, 408, 429 and network errors are retried by Temporal before counting as failure.
import { ApplicationFailure } from '@temporalio/activity';
import { LiquidError } from 'liquidjs';
import type { z } from 'zod';
import { loadConfig } from '../core/config.ts';
import type { EgressAllow } from '../core/egress.ts';
import { durationMs, type HttpCallNode } from '../core/graph.ts';
import { isLiquidLimit } from '../core/templates.ts';
import { getCustomer, profileVariables } from '../db/customers.ts';
import type { ActivityDeps } from './deps.ts';
import { egressFetch, egressRefusalOf } from './egress.ts';
import { isJsonContentType, jsonLiquid, plainLiquid, urlLiquid } from './http-call-liquid.ts';

export interface CallHttpInput {
  /** The journey step's key, sent as Idempotency-Key so the receiver can drop retries. */
  key: string;
  customerId: string;
  event: { type: string; properties: Record<string, unknown>; occurredAt: string };
  request: Pick<z.infer<typeof HttpCallNode>, 'method' | 'url' | 'headers' | 'body' | 'timeout'>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const retriable = (status: number) => status >= 500 || status === 408 || status === 429;

export function httpCallActivities(
  { db, log }: Pick<ActivityDeps, 'db' | 'log'>,
  egress: EgressAllow = loadConfig().EGRESS_ALLOW,
) {
  const fetch = egressFetch(egress);
  return {
    callHttp: async (input: CallHttpInput): Promise<{ ok: boolean; status: number }> => {
      const customer = await getCustomer(db, input.customerId);
      const scope = { customer: customer ? profileVariables(customer) : {}, event: input.event };
      const render = async (template: string, liquid = plainLiquid): Promise<string> => {
        try {
          return (await liquid.parseAndRender(template, scope)) as string;
        } catch (err) {
          // A template that does not parse, or a loop past LIQUID_LIMITS, fails the same way again.
          if (!(err instanceof LiquidError)) throw err;
          throw ApplicationFailure.nonRetryable(
            `Liquid in the request: ${err.message}`,
            isLiquidLimit(err) ? 'TemplateLimit' : 'TemplateError',
          );
        }
      };
      const { request } = input;
      const headers: Record<string, string> = { 'idempotency-key': input.key };
      for (const [name, value] of Object.entries(request.headers ?? {}))
        headers[name.toLowerCase()] = await render(value);
      if (request.body !== undefined && !headers['content-type'])
        headers['content-type'] = 'application/json';
      const url = await render(request.url, urlLiquid);
      if (!URL.canParse(url))
        throw ApplicationFailure.nonRetryable(
          `"${url}" is no URL: Liquid output in a URL is percent-encoded; write the scheme and host out, or use | raw for a whole URL`,
          'HttpCallBadUrl',
        );
      const bodyLiquid = isJsonContentType(headers['content-type']) ? jsonLiquid : plainLiquid;
      const body = request.body === undefined ? undefined : await render(request.body, bodyLiquid);
      let response: Awaited<ReturnType<typeof fetch>>;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body,
          signal: AbortSignal.timeout(
            request.timeout ? durationMs(request.timeout) : DEFAULT_TIMEOUT_MS,
          ),
        });
      } catch (err) {
        // The egress policy's refusal is the same on every attempt: fail the step at once.
        const refused = egressRefusalOf(err);
        if (refused) throw ApplicationFailure.nonRetryable(refused.message, 'EgressRefused');
        throw ApplicationFailure.retryable(
          `no answer: ${(err as Error).message}`,
          'HttpCallFailed',
        );
      }
      await response.body?.cancel();
      if (retriable(response.status))
        throw ApplicationFailure.retryable(`answered ${response.status}`, 'HttpCallFailed');
      if (!response.ok) log.info({ status: response.status, key: input.key }, 'HTTP call refused');
      return { ok: response.ok, status: response.status };
    },
  };
}
