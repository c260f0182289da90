// Email templates (what a caller sends is CreateTemplate in core/campaign.ts).
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const Template = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.string(),
  subject: z.string(),
  mjml: z.string(),
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
