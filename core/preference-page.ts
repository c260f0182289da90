// The public preference page a marketing email's unsubscribe link opens (issue 14): one checkbox
// per messaging type and channel, in the customer's language, as plain HTML with a form, so that
// it works in any browser without scripts or a sign-in. Pure: api/routes/preferences.ts reads
// the data and records the choices.
import { createHash } from 'node:crypto';

export interface PreferenceChoice {
  channel: string;
  messagingType: string;
  /** The messaging type's name, as the marketer wrote it. */
  name: string;
  subscribed: boolean;
}

export interface PreferencePage {
  locale: string | null;
  choices: PreferenceChoice[];
  /** What the page says happened: after a one-click unsubscribe or a save. */
  notice?: 'saved' | 'unsubscribed' | 'stale';
}

const WORDS = {
  en: {
    title: 'Your email preferences',
    intro: 'Choose what we may send you. Unticked means we stop.',
    save: 'Save my choices',
    all: 'Unsubscribe from everything',
    saved: 'Your choices are saved.',
    unsubscribed: 'You are unsubscribed. Change your mind below.',
    stale: 'Your preferences changed since this page was opened; here they are as they are now.',
    invalid: 'This link is not valid. Use the link from the latest email we sent you.',
    channels: { email: 'Email', sms: 'SMS', viber: 'Viber', push: 'Push', webhook: 'Webhook' },
  },
  de: {
    title: 'Ihre E-Mail-Einstellungen',
    intro: 'Wählen Sie, was wir Ihnen senden dürfen. Ohne Haken hören wir auf.',
    save: 'Auswahl speichern',
    all: 'Von allem abmelden',
    saved: 'Ihre Auswahl ist gespeichert.',
    unsubscribed: 'Sie sind abgemeldet. Unten können Sie es sich anders überlegen.',
    stale:
      'Ihre Einstellungen haben sich geändert, seit diese Seite geöffnet wurde; hier ist der aktuelle Stand.',
    invalid: 'Dieser Link ist ungültig. Nutzen Sie den Link aus unserer letzten E-Mail.',
    channels: { email: 'E-Mail', sms: 'SMS', viber: 'Viber', push: 'Push', webhook: 'Webhook' },
  },
  ru: {
    title: 'Настройки рассылок',
    intro: 'Выберите, что мы можем вам присылать. Без галочки — не присылаем.',
    save: 'Сохранить',
    all: 'Отписаться от всего',
    saved: 'Настройки сохранены.',
    unsubscribed: 'Вы отписаны. Если передумаете, отметьте ниже.',
    stale: 'Настройки изменились после открытия страницы; вот они сейчас.',
    invalid: 'Ссылка недействительна. Откройте ссылку из нашего последнего письма.',
    channels: { email: 'Email', sms: 'SMS', viber: 'Viber', push: 'Push', webhook: 'Webhook' },
  },
} as const;
type Words = (typeof WORDS)[keyof typeof WORDS];

/** The words for a locale such as "de-DE"; English when Herald does not speak it. */
export const wordsFor = (locale: string | null | undefined): Words =>
  WORDS[(locale ?? 'en').slice(0, 2).toLowerCase() as keyof typeof WORDS] ?? WORDS.en;

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const choiceKey = (c: { channel: string; messagingType: string }) =>
  `${c.channel}:${c.messagingType}`;

/**
 * A fingerprint of the choices as the page showed them: a form sent back from a page opened
 * before another change (a second tab, a replayed request) is refused rather than undoing it.
 */
export const choicesState = (choices: PreferenceChoice[]): string =>
  createHash('sha256')
    .update(choices.map((c) => `${choiceKey(c)}=${c.subscribed}`).join('|'))
    .digest('base64url')
    .slice(0, 16);

const page = (lang: string, title: string, body: string) => `<!doctype html>
<html lang="${escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#111827}
fieldset{border:1px solid #e5e7eb;border-radius:8px;margin:1rem 0}label{display:block;padding:.25rem 0}
.notice{background:#ecfdf5;border:1px solid #a7f3d0;padding:.75rem;border-radius:8px}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;border-radius:6px;border:1px solid #9ca3af;background:#fff}
button.primary{background:#111827;color:#fff;border-color:#111827}</style>
</head><body>${body}</body></html>`;

export function renderPreferencePage(p: PreferencePage): string {
  const w = wordsFor(p.locale);
  const channels = [...new Set(p.choices.map((c) => c.channel))];
  const sets = channels.map((channel) => {
    const boxes = p.choices
      .filter((c) => c.channel === channel)
      .map(
        (c) =>
          `<label><input type="checkbox" name="keep" value="${escape(choiceKey(c))}"${c.subscribed ? ' checked' : ''}> ${escape(c.name)}</label>`,
      )
      .join('');
    const legend = w.channels[channel as keyof Words['channels']] ?? channel;
    return `<fieldset><legend>${escape(legend)}</legend>${boxes}</fieldset>`;
  });
  const notice = p.notice ? `<p class="notice" role="status">${escape(w[p.notice])}</p>` : '';
  const form = `<form method="post">
<input type="hidden" name="state" value="${choicesState(p.choices)}">
${sets.join('\n')}
<button class="primary" type="submit" name="action" value="save">${escape(w.save)}</button>
<button type="submit" name="action" value="all">${escape(w.all)}</button>
</form>`;
  return page(
    (p.locale ?? 'en').slice(0, 2),
    w.title,
    `<h1>${escape(w.title)}</h1>${notice}<p>${escape(w.intro)}</p>${form}`,
  );
}

/** The page a link that is not ours, or no longer leads to a customer, opens. */
export function renderInvalidLinkPage(): string {
  return page('en', WORDS.en.title, `<h1>${escape(WORDS.en.title)}</h1><p>${WORDS.en.invalid}</p>`);
}
