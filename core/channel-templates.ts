// SMS, push and Viber templates (issue 14): plain text with Liquid, no MJML. Checked on save as
// emails are (it parses, uses known variables, a loop written in it stays within the render
// limits), each error naming its field; rendered per recipient into the message a gateway sends.
import type { TemplateContent } from './channel-content.ts';
import type { TemplateChannel } from './template-input.ts';
import {
  checkEmailTemplate,
  type Field,
  parse,
  renderError,
  TemplateError,
  textEngine,
} from './templates.ts';
import { unknownVariables } from './template-variables.ts';

export interface ChannelTemplateSource {
  subject: string;
  body: string;
  content: TemplateContent;
}

/** What a recipient gets: the text, and the title, image, link and button where the channel has them. */
export interface RenderedChannelMessage {
  /** push: the notification's title. */
  title?: string;
  text: string;
  imageUrl?: string;
  deepLink?: string;
  buttonText?: string;
  buttonUrl?: string;
}

export interface CompiledChannelTemplate {
  render(variables: Record<string, unknown>): Promise<RenderedChannelMessage>;
}

type Part = keyof RenderedChannelMessage;

/** The Liquid fields of a template of this channel, by the name they render to. */
function fieldsOf(channel: TemplateChannel, t: ChannelTemplateSource): [Part, Field, string][] {
  const fields: [Part, Field, string][] = [['text', 'body', t.body]];
  if (channel === 'push') fields.unshift(['title', 'subject', t.subject]);
  for (const [key, value] of Object.entries(t.content))
    if (typeof value === 'string') fields.push([key as Part, `content.${key}`, value]);
  return fields;
}

export function compileChannelTemplate(
  channel: Exclude<TemplateChannel, 'email'>,
  t: ChannelTemplateSource,
): CompiledChannelTemplate {
  const parsed = fieldsOf(channel, t).map(
    ([part, field, source]) => [part, field, parse(textEngine, field, source)] as const,
  );
  return {
    async render(variables) {
      const message: RenderedChannelMessage = { text: '' };
      // One after another, so that a runaway field fails within one field's time limit.
      for (const [part, field, templates] of parsed) {
        try {
          message[part] = ((await textEngine.render(templates, variables)) as string).trim();
        } catch (err) {
          throw renderError(field, err);
        }
      }
      return message;
    },
  };
}

/** Compiles, checks the variables and renders once for an empty profile, as for emails. */
export async function checkChannelTemplate(
  channel: Exclude<TemplateChannel, 'email'>,
  t: ChannelTemplateSource,
): Promise<void> {
  const compiled = compileChannelTemplate(channel, t);
  for (const [, field, source] of fieldsOf(channel, t)) {
    const unknown = unknownVariables(source);
    if (unknown.length > 0)
      throw new TemplateError(field, unknown.map((p) => p.message).join('; '));
  }
  try {
    await compiled.render({ customer: {}, event: {} });
  } catch (err) {
    if (err instanceof TemplateError && err.overLimit) throw err;
  }
}

/** Checks a template of any channel before it is saved; a TemplateError names the field. */
export function checkTemplate(
  channel: TemplateChannel,
  t: { subject?: string; mjml?: string; body?: string; content?: TemplateContent },
): Promise<void> {
  if (channel === 'email')
    return checkEmailTemplate({ subject: t.subject ?? '', mjml: t.mjml ?? '' });
  return checkChannelTemplate(channel, {
    subject: t.subject ?? '',
    body: t.body ?? '',
    content: t.content ?? {},
  });
}
