// An SMS, push, Viber or webhook template rendered for one recipient with the context an email
// gets (db/template-context.ts: custom fields, metrics, points, the last receipt and its lines,
// viewed products, the cart), so that every variable the editor's picker offers works in every
// channel, and what a send renders is what the editor's preview showed
// (core/channel-templates.ts renders both). Then shaped for each channel's gateway.
import {
  type CompiledChannelTemplate,
  compileChannelTemplate,
  type RenderedChannelMessage,
} from '../core/channel-templates.ts';
import { variableUses } from '../core/template-variables.ts';
import type { Db } from '../db/connection.ts';
import type { CustomerRow } from '../db/customers.ts';
import { type TemplateEvent, templateContext } from '../db/template-context.ts';
import type { TemplateRow } from '../db/templates.ts';
import type { OutgoingPush, OutgoingViber } from './channels/gateway.ts';

interface Compiled {
  template: CompiledChannelTemplate;
  /** What it reads beyond the profile: only those are queried per recipient. */
  uses: Set<string>;
}

/** Compiled templates kept per worker; a worker sends the same few revisions to many customers. */
const KEPT = 500;

/** A renderer with its own cache of compiled revisions (keyed by template and revision). */
export function channelRenderer(db: Db) {
  const compiled = new Map<string, Compiled>();
  const compile = (t: TemplateRow): Compiled => {
    const key = `${t.id}:${t.revision}`;
    let entry = compiled.get(key);
    if (!entry) {
      const content = t.content ?? {};
      // A webhook template is a text body like an SMS's; a TemplateError here names the field.
      const channel = t.channel === 'push' || t.channel === 'viber' ? t.channel : 'sms';
      entry = {
        template: compileChannelTemplate(channel, {
          subject: t.subject ?? '',
          body: t.body,
          content,
        }),
        uses: variableUses(t.subject ?? '', t.body, ...Object.values(content)),
      };
      if (compiled.size >= KEPT) compiled.clear();
      compiled.set(key, entry);
    }
    return entry;
  };

  /** Throws a TemplateError naming the field when the template does not parse or render. */
  return async (
    template: TemplateRow,
    customer: CustomerRow | undefined,
    event: TemplateEvent | Record<string, never>,
  ): Promise<RenderedChannelMessage> => {
    const { template: t, uses } = compile(template);
    return t.render(await templateContext(db, customer, event, uses));
  };
}

/** A push notification's parts: the template's subject is its title. */
export const pushOf = (
  m: RenderedChannelMessage,
): Pick<OutgoingPush, 'title' | 'body' | 'imageUrl' | 'deepLink'> => ({
  title: m.title ?? '',
  body: m.text,
  ...(m.imageUrl && { imageUrl: m.imageUrl }),
  ...(m.deepLink && { deepLink: m.deepLink }),
});

/** A Viber message's parts: a button only with both its caption and its URL. */
export const viberOf = (
  m: RenderedChannelMessage,
): Pick<OutgoingViber, 'text' | 'imageUrl' | 'button'> => ({
  text: m.text,
  ...(m.imageUrl && { imageUrl: m.imageUrl }),
  ...(m.buttonText && m.buttonUrl && { button: { text: m.buttonText, url: m.buttonUrl } }),
});
