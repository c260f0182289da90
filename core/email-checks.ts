// Checks of a rendered email before it is sent (issue 14), beside the spam score: links that
// cannot work, images without alt text, and a marketing email without its unsubscribe link.
// Pure: the api renders the template and asks SpamAssassin; this reads the HTML only.
import { load } from 'cheerio';

export interface LinkProblem {
  /** The href as the email carries it. */
  href: string;
  /** The link's text, to find it in the editor. */
  text: string;
  problem: string;
}

export interface ImageProblem {
  src: string;
  problem: string;
}

export interface ContentChecks {
  links: LinkProblem[];
  images: ImageProblem[];
  /** Whether the email shows an unsubscribe link (always true of a transactional one). */
  unsubscribeLink: boolean;
}

const SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:', 'sms:']);

/** Why a link cannot take the reader anywhere, or undefined when it can. */
export function linkProblem(href: string | undefined): string | undefined {
  const h = (href ?? '').trim();
  if (h === '' || h === '#') return 'the link leads nowhere: give it an address such as https://…';
  if (/\{\{|\{%|%\}|\}\}/.test(h))
    return 'Liquid left in the address after rendering: check the variable name and its filters';
  let url: URL;
  try {
    url = new URL(h);
  } catch {
    return 'not a full address: write it with https:// and a host name';
  }
  if (!SCHEMES.has(url.protocol))
    return `${url.protocol} links do not work in email: use https://, mailto: or tel:`;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname.includes('.'))
    return `${url.hostname} is not a public host name: recipients cannot reach it`;
  if (/\s/.test(h)) return 'the address contains spaces: encode them as %20';
  return undefined;
}

/**
 * Reads the rendered HTML of an email; `unsubscribeUrl` is Herald's own link when it is marketing,
 * which is the operator's to get right (TRACKING_URL), not the marketer's, so it is not checked.
 */
export function checkEmailContent(html: string, unsubscribeUrl?: string): ContentChecks {
  const $ = load(html);
  const links: LinkProblem[] = [];
  $('a').each((_, a) => {
    const href = $(a).attr('href');
    const problem = href === unsubscribeUrl ? undefined : linkProblem(href);
    if (problem) links.push({ href: href ?? '', text: $(a).text().trim().slice(0, 100), problem });
  });
  const images: ImageProblem[] = [];
  $('img').each((_, img) => {
    const src = $(img).attr('src') ?? '';
    const alt = $(img).attr('alt');
    // A 1-pixel spacer or tracking image is decoration, for which alt="" is right. MJML writes
    // alt="" on every image not given one, so an empty alt on a real image counts as missing.
    const decoration = [$(img).attr('width'), $(img).attr('height')].some((d) => Number(d) === 1);
    if (!src) images.push({ src, problem: 'the image has no source: upload it or remove it' });
    else if (alt === undefined && decoration)
      images.push({ src, problem: 'add alt="" so that screen readers skip this decoration' });
    else if (!alt?.trim() && !decoration)
      images.push({
        src,
        problem:
          'add alt text saying what the image shows: many clients block images, and screen readers read it',
      });
  });
  const unsubscribeLink =
    unsubscribeUrl === undefined ||
    $('a')
      .toArray()
      .some((a) => $(a).attr('href') === unsubscribeUrl);
  return { links, images, unsubscribeLink };
}

/**
 * The preheader an inbox shows after the subject: the hidden text MJML writes for <mj-preview>,
 * else the start of the visible text, as mail clients take it.
 */
export function preheaderOf(html: string, text: string): string {
  const $ = load(html);
  const hidden = $('body > div')
    .toArray()
    .find((d) => /display:\s*none/.test($(d).attr('style') ?? ''));
  const preview = hidden ? $(hidden).text().trim() : '';
  // The body's text, entities decoded, when the template sets no preview text.
  const visible = $('body').text() || text;
  return (preview || visible.replace(/\s+/g, ' ').trim()).slice(0, 140);
}
