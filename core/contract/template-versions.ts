// Template versions, previews and test sends (issue 14).
import { z } from 'zod';
import { TemplateContent } from '../channel-content.ts';
import { Timestamp } from './common.ts';
import { MessagingTypeKey } from './messaging-types.ts';

export { UpdateTemplate } from '../template-input.ts';

export const PublishTemplate = z.object({ note: z.string().max(2000).optional() });

export const TemplateRevision = z.object({
  templateId: z.uuid(),
  revision: z.number(),
  subject: z.string(),
  mjml: z.string().optional(),
  body: z.string(),
  content: TemplateContent,
  note: z.string().nullable(),
  publishedAt: Timestamp,
});
export type TemplateRevision = z.infer<typeof TemplateRevision>;
export const TemplateRevisionAnswer = z.object({ revision: TemplateRevision });
export const TemplateRevisions = z.object({ revisions: z.array(TemplateRevision) });
export type TemplateRevisions = z.infer<typeof TemplateRevisions>;

/** Whom and what to render for: a customer, a messaging type, a published revision or the draft. */
export const RenderFor = z.object({
  /** Render for this customer; absent: an empty profile (fallbacks show). */
  customerId: z.uuid('use a customer ID (a UUID)').optional(),
  messagingType: MessagingTypeKey.optional(),
  /** A published revision; absent: the draft being edited. */
  revision: z
    .number()
    .int('use a revision number')
    .min(1)
    .max(2_147_483_647, 'use a revision the template has')
    .optional(),
  /** A sample triggering event, for {{ event.properties.* }} (cart items, products). */
  event: z
    .object({
      type: z.string().max(100).default('preview'),
      properties: z.record(z.string(), z.unknown()).default({}),
    })
    .optional(),
});
export type RenderFor = z.infer<typeof RenderFor>;

export const TemplatePreview = z.object({
  subject: z.string(),
  /** What an inbox shows after the subject. */
  preheader: z.string(),
  html: z.string(),
  text: z.string(),
  /** The address a send would go to. */
  to: z.string(),
  /** Headers a send adds, such as List-Unsubscribe. */
  headers: z.record(z.string(), z.string()),
  /** SMS, push and Viber: the message as rendered for the customer. */
  message: z
    .object({
      title: z.string().optional(),
      text: z.string(),
      imageUrl: z.string().optional(),
      deepLink: z.string().optional(),
      buttonText: z.string().optional(),
      buttonUrl: z.string().optional(),
      /** The text as an SMS: GSM-7 (160 characters, 153 per part) or UCS-2 (70, 67). */
      sms: z.object({
        encoding: z.enum(['GSM-7', 'UCS-2']),
        length: z.number().int(),
        parts: z.number().int(),
        remainingInPart: z.number().int(),
      }),
    })
    .optional(),
});
export type TemplatePreview = z.infer<typeof TemplatePreview>;

export const TestSend = RenderFor.extend({
  /**
   * Email: addresses. SMS and Viber: phone numbers in international form. Push: tokens of devices
   * registered with Herald; absent for push, the chosen customer's active devices.
   */
  to: z
    .array(z.string().trim().min(1, 'give an address, phone number or device token').max(4096))
    .min(1, 'give at least one address to send the test to')
    .max(10, 'send a test to at most 10 addresses at once')
    .optional(),
});
export type TestSend = z.infer<typeof TestSend>;

export const TestSent = z.object({
  /** The recipients the gateway accepted the test for. */
  sent: z.array(z.string()),
  /** Email: the subject with "[Test]"; push: the title; SMS and Viber: the text. */
  subject: z.string(),
  /** SMS, push and Viber: each recipient's outcome in the provider's words. */
  results: z.array(z.object({ to: z.string(), ok: z.boolean(), detail: z.string() })).optional(),
});
export type TestSent = z.infer<typeof TestSent>;
