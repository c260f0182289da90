// Unsubscribe links (issue 14). Every marketing email carries one link to the customer's
// preference page, in its footer and in List-Unsubscribe, with List-Unsubscribe-Post for RFC 8058
// one-click unsubscribes. The link is signed (HMAC with HERALD_SECRET) over its purpose, the
// message and the customer the message went to: nobody can make one for a message Herald did not
// send, and a link cannot be turned on another customer by swapping the message in it, because
// the api checks the signature against the customer the message row names.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeLinks {
  /** Base URL that recipients reach: the api's public address (TRACKING_URL). */
  baseUrl: string;
  secret: string;
  /** An address whose mail the operator processes, offered as a mailto: in List-Unsubscribe. */
  mailto?: string;
}

const sign = (secret: string, messageId: string, customerId: string) =>
  createHmac('sha256', secret)
    .update(`unsubscribe|${messageId}|${customerId}`)
    .digest('base64url')
    .slice(0, 32);

export function unsubscribeToken(secret: string, messageId: string, customerId: string): string {
  return `${messageId}.${sign(secret, messageId, customerId)}`;
}

/** The message a token names; it is only valid once checked against that message's customer. */
export function tokenMessageId(token: string): string | undefined {
  const [messageId, signature, ...rest] = token.split('.');
  if (!messageId || !signature || rest.length > 0) return undefined;
  return /^[0-9a-f-]{36}$/i.test(messageId) ? messageId : undefined;
}

/** Whether the token was issued by us for this message sent to this customer. */
export function verifyUnsubscribeToken(
  secret: string,
  token: string,
  messageId: string,
  customerId: string,
): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, messageId, customerId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const preferencesUrl = (links: UnsubscribeLinks, messageId: string, customerId: string) =>
  `${links.baseUrl.replace(/\/+$/, '')}/u/${unsubscribeToken(links.secret, messageId, customerId)}`;

/** The headers of RFC 2369 and RFC 8058: one POST to the link unsubscribes, no page needed. */
export function unsubscribeHeaders(url: string, mailto?: string): Record<string, string> {
  const targets = [`<${url}>`];
  if (mailto)
    targets.push(`<mailto:${mailto}?subject=${encodeURIComponent(`unsubscribe ${url}`)}>`);
  return {
    'List-Unsubscribe': targets.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * Makes sure a marketing email shows its unsubscribe link: a template that placed
 * {{ unsubscribeUrl }} itself (the editor's footer block does) is left alone; any other gets a
 * small footer before </body>, and its text part a last line.
 */
export function withUnsubscribeFooter(
  email: { html: string; text: string },
  url: string,
): { html: string; text: string } {
  const href = escapeAttribute(url);
  if (email.html.includes(href) || email.html.includes(url)) return email;
  const footer = `<div style="text-align:center;font:12px/1.5 Arial,sans-serif;color:#6b7280;padding:16px"><a href="${href}" style="color:#6b7280">Unsubscribe or change what we send you</a></div>`;
  const html = /<\/body>/i.test(email.html)
    ? email.html.replace(/<\/body>/i, `${footer}</body>`)
    : email.html + footer;
  return { html, text: `${email.text}\n\nUnsubscribe or change what we send you: ${url}` };
}
