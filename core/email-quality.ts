// Email normalisation: one spelling per address, a syntax check, and the mailbox provider.
//
// The whole address is lower-cased, local part included. RFC 5321 allows a case-sensitive
// local part, but no large mailbox provider treats it so, and Herald finds customers by their
// address: "Ann@x.com" and "ann@x.com" must be one person, not two profiles. Dots and "+tags"
// are kept: they are part of the address the customer gave, and stripping them is only right
// for some providers.

export interface EmailQuality {
  /** Trimmed and lower-cased. */
  normalized: string;
  /** Passes the syntax check; says nothing about whether the mailbox exists. */
  valid: boolean;
  /** The mailbox provider ("Gmail"), else the domain itself; null without a domain. */
  provider: string | null;
}

// A dot-atom local part (RFC 5322 without quoted strings, which real sign-up forms never see)
// and a host name of at least two labels whose top level is letters or an IDN ("xn--").
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function isValidAddress(local: string, domain: string): boolean {
  if (local.length > 64 || local.length + domain.length + 1 > 254) return false;
  const labels = domain.split('.');
  return (
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    TOP_LEVEL.test(labels.at(-1)!)
  );
}

// The big mailbox providers, by exact domain or by a domain pattern for the ones that run a
// domain per country (hotmail.de, yahoo.co.uk, yandex.ru, gmx.net...).
const PROVIDER_DOMAINS: Record<string, string> = {
  'gmail.com': 'Gmail',
  'googlemail.com': 'Gmail',
  'outlook.com': 'Outlook',
  'live.com': 'Outlook',
  'icloud.com': 'iCloud',
  'me.com': 'iCloud',
  'mac.com': 'iCloud',
  'mail.ru': 'Mail.ru',
  'bk.ru': 'Mail.ru',
  'inbox.ru': 'Mail.ru',
  'list.ru': 'Mail.ru',
  'ya.ru': 'Yandex',
  'web.de': 'WEB.DE',
  'proton.me': 'Proton',
  'protonmail.com': 'Proton',
  'pm.me': 'Proton',
};
// "name.<country suffix>": a top level like "de", or a second level like "co.uk" / "com.br".
const countrySuffix = (name: string) => new RegExp(`^${name}\\.([a-z]{2,3}|(co|com)\\.[a-z]{2})$`);
const PROVIDER_PATTERNS: [RegExp, string][] = [
  [countrySuffix('hotmail'), 'Outlook'],
  [countrySuffix('yahoo'), 'Yahoo'],
  [countrySuffix('yandex'), 'Yandex'],
  [countrySuffix('gmx'), 'GMX'],
];

export function emailProvider(domain: string): string {
  const d = domain.toLowerCase();
  return PROVIDER_DOMAINS[d] ?? PROVIDER_PATTERNS.find(([re]) => re.test(d))?.[1] ?? d;
}

export function normalizeEmail(raw: string): EmailQuality {
  const normalized = raw.trim().toLowerCase();
  const at = normalized.lastIndexOf('@');
  if (at <= 0 || at === normalized.length - 1) return { normalized, valid: false, provider: null };
  const domain = normalized.slice(at + 1);
  return {
    normalized,
    valid: isValidAddress(normalized.slice(0, at), domain),
    provider: emailProvider(domain),
  };
}
