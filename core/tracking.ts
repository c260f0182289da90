// Email open and click tracking. Each link in an email is rewritten to pass through Herald, and
// a 1-pixel image is added; their tokens are signed (HMAC with HERALD_SECRET) over their purpose,
// the message and the link, so nobody can forge an open, use a pixel token as a click token, or
// turn Herald into an open redirect. The api also redirects only to links recorded for the
// message when it was sent (trackedLinks), so even a leaked secret cannot point a link elsewhere.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Tracking {
  /** Base URL that recipients' mail clients reach: the api's public address. */
  baseUrl: string;
  secret: string;
  /** An address offered in List-Unsubscribe beside the link (UNSUBSCRIBE_MAILTO). */
  unsubscribeMailto?: string;
}

/**
 * What a token is for: an open pixel is never accepted as a click link, nor the reverse; "push"
 * is the receipt a push carries for the app to report it delivered or opened (core/push-receipts.ts).
 */
export type TokenPurpose = 'open' | 'click' | 'push';

const sign = (secret: string, purpose: TokenPurpose, messageId: string, url: string) =>
  createHmac('sha256', secret)
    .update(`${purpose}|${messageId}|${url}`)
    .digest('base64url')
    .slice(0, 22);

export function trackingToken(
  secret: string,
  purpose: TokenPurpose,
  messageId: string,
  url = '',
): string {
  return `${messageId}.${sign(secret, purpose, messageId, url)}`;
}

/** The message a token was issued for, or undefined if it was not issued by us for this use. */
export function verifyTrackingToken(
  secret: string,
  purpose: TokenPurpose,
  token: string,
  url = '',
): string | undefined {
  const [messageId, signature] = token.split('.');
  if (!messageId || !signature) return undefined;
  const expected = Buffer.from(sign(secret, purpose, messageId, url));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? messageId
    : undefined;
}

export const openPixelUrl = (t: Tracking, messageId: string) =>
  `${t.baseUrl}/t/o/${trackingToken(t.secret, 'open', messageId)}`;

export const clickUrl = (t: Tracking, messageId: string, url: string) =>
  `${t.baseUrl}/t/c/${trackingToken(t.secret, 'click', messageId, url)}?u=${encodeURIComponent(url)}`;

const decodeHref = (href: string) => href.replace(/&amp;/g, '&');
const encodeHref = (href: string) => href.replace(/&/g, '&amp;');

const LINK = /(<a\b[^>]*?\bhref=")(https?:\/\/[^"]+)(")/gi;

/**
 * The links addTracking rewrites: the only places the message's click links may lead. `untracked`
 * links (the unsubscribe link, which must work in one step and not count as a click) stay as they are.
 */
export const trackedLinks = (html: string, untracked: readonly string[] = []): string[] => [
  ...new Set(
    [...html.matchAll(LINK)].map((m) => decodeHref(m[2]!)).filter((u) => !untracked.includes(u)),
  ),
];

/** Rewrites every http(s) link of an HTML email through the click tracker and adds the pixel. */
export function addTracking(
  html: string,
  t: Tracking,
  messageId: string,
  untracked: readonly string[] = [],
): string {
  const linked = html.replace(LINK, (whole, open: string, href: string, close: string) => {
    const url = decodeHref(href);
    return untracked.includes(url)
      ? whole
      : `${open}${encodeHref(clickUrl(t, messageId, url))}${close}`;
  });
  const pixel = `<img src="${encodeHref(openPixelUrl(t, messageId))}" width="1" height="1" alt="" style="display:block;border:0" />`;
  return /<\/body>/i.test(linked) ? linked.replace(/<\/body>/i, `${pixel}</body>`) : linked + pixel;
}
