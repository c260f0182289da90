// What a caller sends to create or change a template, per channel (issue 14). One object for
// every channel, so that the api and its OpenAPI description stay one shape; which fields a
// channel needs is checked by templateShapeProblems, each problem naming its field:
// - email: subject + mjml;
// - sms: body (plain text with Liquid);
// - push: subject (the notification's title) + body, content.imageUrl / content.deepLink;
// - viber: body, content.imageUrl / content.buttonText + content.buttonUrl.
import { z } from 'zod';
import { TemplateContent } from './channel-content.ts';

export const TemplateChannel = z.enum(['email', 'sms', 'push', 'viber']);
export type TemplateChannel = z.infer<typeof TemplateChannel>;

export const TemplateFields = z.object({
  name: z.string().min(1, 'give the template a name').max(200),
  channel: TemplateChannel.default('email'),
  /** email: the subject; push: the notification's title. */
  subject: z.string().max(500).optional(),
  /** email: the body in MJML. */
  mjml: z
    .string()
    .max(500_000, 'keep the MJML under 500,000 characters: link images, do not inline them')
    .optional(),
  /** sms, push, viber: the text, with Liquid. */
  body: z
    .string()
    .max(5_000, 'keep the text under 5,000 characters: an SMS of that length is 33 parts')
    .optional(),
  /** push and viber: the image, deep link, button (core/channel-content.ts). */
  content: TemplateContent.optional(),
});

/** What each channel's content may hold beyond its text. */
const CONTENT_KEYS: Record<TemplateChannel, (keyof TemplateContent)[]> = {
  email: [],
  sms: [],
  push: ['imageUrl', 'deepLink'],
  viber: ['imageUrl', 'buttonText', 'buttonUrl'],
};

export interface ShapeProblem {
  path: string[];
  message: string;
}

type Shape = Pick<z.infer<typeof TemplateFields>, 'subject' | 'mjml' | 'body' | 'content'>;

/** The fields a template of this channel lacks or must not have, each with the fix. */
export function templateShapeProblems(channel: TemplateChannel, t: Shape): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const need = (field: 'subject' | 'mjml' | 'body', message: string) => {
    if (!t[field]?.trim()) problems.push({ path: [field], message });
  };
  const refuse = (field: 'subject' | 'mjml' | 'body', use: string) => {
    if (t[field] !== undefined)
      problems.push({ path: [field], message: `a ${channel} template has no ${field}: ${use}` });
  };
  if (channel === 'email') {
    need('subject', 'give the email a subject');
    need('mjml', 'give the email a body in MJML');
    refuse('body', 'write the email in mjml');
  } else {
    need('body', `give the ${channel} message its text in body`);
    refuse('mjml', 'write the text in body');
    if (channel === 'push') need('subject', 'give the notification a title in subject');
    else refuse('subject', 'write the text in body');
  }
  for (const key of Object.keys(t.content ?? {}) as (keyof TemplateContent)[]) {
    if (!CONTENT_KEYS[channel].includes(key))
      problems.push({
        path: ['content', key],
        message:
          CONTENT_KEYS[channel].length > 0
            ? `a ${channel} template's content holds ${CONTENT_KEYS[channel].join(', ')} only`
            : `a ${channel} template has no content: remove it`,
      });
  }
  return problems;
}

export const CreateTemplate = TemplateFields.superRefine((t, ctx) => {
  for (const p of templateShapeProblems(t.channel, t))
    ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});
export type CreateTemplate = z.infer<typeof CreateTemplate>;

/** The draft: as a new template's, the channel aside (it cannot change), the name if it changes. */
export const UpdateTemplate = TemplateFields.omit({ channel: true }).extend({
  name: TemplateFields.shape.name.optional(),
});
export type UpdateTemplate = z.infer<typeof UpdateTemplate>;
