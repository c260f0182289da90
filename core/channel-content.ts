// The content of a message per channel, one shape shared by templates, the send step and the
// gateways. Every channel's text is the template's `body` (Liquid); what else it carries is
// `content`, stored beside it (db/migrations/0170_template_content.ts):
// - email: subject + body (MJML);
// - sms: body (plain text; parts counted by core or the gateway);
// - push: subject is the notification's title, body its text, plus an image and a deep link;
// - viber: body is the text, plus an image and one button (text and URL, both or neither).
import { z } from 'zod';

const HttpUrl = z
  .string()
  .max(2000)
  .regex(/^(https?:\/\/|\{\{)/, 'use an http:// or https:// address');

export const TemplateContent = z
  .object({
    /** push and viber: an image shown with the message. */
    imageUrl: HttpUrl.optional(),
    /** push: where a tap on the notification leads (an app link or a URL). */
    deepLink: z.string().min(1).max(2000).optional(),
    /** viber: the button's caption (Viber allows 30 characters). */
    buttonText: z.string().min(1).max(30, 'keep the button under 30 characters').optional(),
    /** viber: where the button leads. */
    buttonUrl: HttpUrl.optional(),
  })
  .strict()
  .refine((c) => (c.buttonText === undefined) === (c.buttonUrl === undefined), {
    message: 'give the button both a caption and a URL, or neither',
    path: ['buttonUrl'],
  });
export type TemplateContent = z.infer<typeof TemplateContent>;
