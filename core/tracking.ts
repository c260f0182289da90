// Email open and click tracking. Each link in an email is rewritten to pass through Herald, and
// a 1-pixel image is added; their tokens are signed (HMAC with HERALD_SECRET) over the message
// and the link, so nobody can forge an open or turn Herald into an open redirect.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Tracking {
  /** Base URL that recipients' mail clients reach: the api's public address. */
  baseUrl: string;
  secret: string;
}

const sign = (secret: string, messageId: string, url: string) =>
  createHmac('sha256', secret).update(`${messageId}|${url}`).digest('base64url').slice(0, 22);

export function trackingToken(secret: string, messageId: string, url = ''): string {
  return `${messageId}.${sign(secret, messageId, url)}`;
}

/** The message a token was issued for, or undefined if it was not issued by us for this URL. */
export function verifyTrackingToken(secret: string, token: string, url = ''): string | undefined {
  const [messageId, signature] = token.split('.');
  if (!messageId || !signature) return undefined;
  const expected = Buffer.from(sign(secret, messageId, url));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? messageId
    : undefined;
}

export const openPixelUrl = (t: Tracking, messageId: string) =>
  `${t.baseUrl}/t/o/${trackingToken(t.secret, messageId)}`;

export const clickUrl = (t: Tracking, messageId: string, url: string) =>
  `${t.baseUrl}/t/c/${trackingToken(t.secret, messageId, url)}?u=${encodeURIComponent(url)}`;

const decodeHref = (href: string) => href.replace(/&amp;/g, '&');
const encodeHref = (href: string) => href.replace(/&/g, '&amp;');

/** Rewrites every http(s) link of an HTML email through the click tracker and adds the pixel. */
export function addTracking(html: string, t: Tracking, messageId: string): string {
  const linked = html.replace(
    /(<a\b[^>]*?\bhref=")(https?:\/\/[^"]+)(")/gi,
    (_m, open: string, href: string, close: string) =>
      `${open}${encodeHref(clickUrl(t, messageId, decodeHref(href)))}${close}`,
  );
  const pixel = `<img src="${encodeHref(openPixelUrl(t, messageId))}" width="1" height="1" alt="" style="display:block;border:0" />`;
  return /<\/body>/i.test(linked) ? linked.replace(/<\/body>/i, `${pixel}</body>`) : linked + pixel;
}
