// Templates of every channel (what a caller sends is CreateTemplate in core/template-input.ts).
import { z } from 'zod';
import { TemplateContent } from '../channel-content.ts';
import { Timestamp } from './common.ts';

export const Template = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.string(),
  /** email: the subject; push: the title; empty for SMS and Viber. */
  subject: z.string(),
  /** email: the MJML (also in body). */
  mjml: z.string().optional(),
  /** The MJML of an email, the text of an SMS, push or Viber message. */
  body: z.string(),
  /** push and viber: image, deep link, button (core/channel-content.ts). */
  content: TemplateContent,
  /** The draft's revision: it grows on every edit. */
  revision: z.number(),
  /** The revision sends use (unless a campaign version pinned another); null before publishing. */
  publishedRevision: z.number().nullable().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Template = z.infer<typeof Template>;

export const TemplateAnswer = z.object({ template: Template });
export type TemplateAnswer = z.infer<typeof TemplateAnswer>;
export const Templates = z.object({ templates: z.array(Template) });
export type Templates = z.infer<typeof Templates>;

export const TemplateImportQuery = z.object({
  name: z.string().trim().min(1).max(200).default('Imported template'),
});

export const ImportedTemplateAnswer = z.object({
  template: Template,
  /** The images of the zip, stored and served by Herald. */
  images: z.array(z.object({ name: z.string(), url: z.string() })),
  /** References to files the zip did not hold, left as written: fix them in the editor. */
  unresolved: z.array(z.string()),
});
export type ImportedTemplateAnswer = z.infer<typeof ImportedTemplateAnswer>;
