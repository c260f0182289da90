// Liquid for the HTTP-call step, escaped for where its output lands (issue 10, finding 3):
// customer data is written by strangers (a sign-up form's first name), so a value must never
// change the shape of the request around it.
// - In the URL every output is percent-encoded as one component: `&admin=1` stays inside its
//   parameter, `../` inside its path segment.
// - In a JSON body every output is escaped as the inside of a JSON string: `x","role":"admin`
//   stays one string value. `| json` places a whole value (object, number, quoted string) as
//   JSON, already safe, so it is not escaped again.
// - Headers and other bodies are written as rendered (fetch refuses CR/LF in a header).
// `| raw` opts out, for a template author who puts a whole URL in a variable on purpose.
import { Liquid, type FilterImplOptions } from 'liquidjs';
import { LIQUID_LIMITS } from '../core/templates.ts';

const options = { strictFilters: true, cache: 500, ...LIQUID_LIMITS } as const;

/** Liquid as written: headers, and bodies that are not JSON. */
export const plainLiquid = new Liquid(options);

/** Liquid whose every output is one percent-encoded URL component. */
export const urlLiquid = new Liquid({
  ...options,
  outputEscape: (value: unknown) => encodeURIComponent(text(value)),
});
// Already encoded: encoding again would turn "%20" into "%2520".
urlLiquid.registerFilter('url_encode', { handler: filter(urlLiquid, 'url_encode'), raw: true });

/** Liquid whose every output is the escaped inside of a JSON string. */
export const jsonLiquid = new Liquid({
  ...options,
  outputEscape: (value: unknown) => JSON.stringify(text(value)).slice(1, -1),
});
// Already JSON: `"tags": {{ customer.tags | json }}` must stay an array.
jsonLiquid.registerFilter('json', { handler: filter(jsonLiquid, 'json'), raw: true });

/** An output as text: nothing for a missing value, JSON for an object rather than "[object Object]". */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** A built-in filter's handler, to register again as raw. */
function filter(liquid: Liquid, name: string): Exclude<FilterImplOptions, { handler: unknown }> {
  const impl = liquid.filters[name];
  if (typeof impl !== 'function') throw new Error(`liquidjs has no "${name}" filter`);
  return impl;
}

/** Whether a body sent with this content type is escaped as JSON. */
export const isJsonContentType = (contentType: string | undefined): boolean =>
  /\bjson\b/i.test(contentType ?? '');
