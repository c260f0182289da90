// Saved email blocks (issue 14): /v1/template-blocks. A block is MJML the editor appends to a
// template's body: one or more mj-section (or mj-wrapper, mj-hero, mj-raw) elements.
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const TemplateBlockInput = z.object({
  name: z.string().trim().min(1, 'name the block, e.g. "Our header"').max(100),
  mjml: z
    .string()
    .min(1, 'give the block its MJML, e.g. <mj-section>…</mj-section>')
    .max(200_000, 'keep a block under 200,000 characters: link images, do not inline them'),
});
export type TemplateBlockInput = z.infer<typeof TemplateBlockInput>;

export const TemplateBlockPatch = TemplateBlockInput.partial();
export type TemplateBlockPatch = z.infer<typeof TemplateBlockPatch>;

export const TemplateBlock = z.object({
  id: z.uuid(),
  name: z.string(),
  mjml: z.string(),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TemplateBlock = z.infer<typeof TemplateBlock>;

export const TemplateBlockAnswer = z.object({ block: TemplateBlock });
export type TemplateBlockAnswer = z.infer<typeof TemplateBlockAnswer>;
export const TemplateBlocks = z.object({ blocks: z.array(TemplateBlock) });
export type TemplateBlocks = z.infer<typeof TemplateBlocks>;
