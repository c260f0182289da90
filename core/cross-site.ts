// CSRF protection for changes authenticated by the session cookie (issue 10, finding 6). A
// browser attaches the cookie to a form or fetch another site sends (SameSite=Lax still lets a
// top-level form through on a sibling port, and a text/plain or form-encoded body needs no CORS
// preflight), so the cookie alone does not show that Herald's own page asked. Browsers say
// where a request comes from: Sec-Fetch-Site, and Origin on every cross-origin POST. A change
// whose headers name another site is refused; API keys are not ambient and are not checked.
// Used by the api (api/auth.ts) and by the web app's same-origin proxy.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why this request looks sent by another site, or undefined. `host` is the Host the request
 * was addressed to; `header` reads a request header.
 */
export function crossSiteRefusal(
  method: string,
  host: string | undefined,
  header: (name: string) => string | null | undefined,
): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  const site = header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none')
    return `the browser marked it Sec-Fetch-Site: ${site}`;
  const origin = header('origin');
  if (origin && originHost(origin) !== host) return `it comes from the origin ${origin}`;
  return undefined;
}

const originHost = (origin: string) => (URL.canParse(origin) ? new URL(origin).host : undefined);

/** The refusal's wording, shared by api and web. */
export const crossSiteMessage = (reason: string) =>
  `Refused: ${reason}. Changes signed in by the session cookie must come from Herald's own pages; other systems use an API key.`;
