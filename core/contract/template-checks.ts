// The editor's checks of a template before it is sent (issue 14): a spam score from SpamAssassin
// with each rule that fired and how to fix it, links that cannot work, images without alt text,
// and whether a marketing email shows its unsubscribe link.
import { z } from 'zod';
import { MessagingTypeKey } from './messaging-types.ts';

export const TemplateCheckInput = z.object({
  /** Render for this customer (their name, city, tags...); absent: an empty profile. */
  customerId: z.uuid('use a customer ID (a UUID)').optional(),
  /** What the email will be sent as; "promo" when absent. Transactional emails need no unsubscribe link. */
  messagingType: MessagingTypeKey.optional(),
});
export type TemplateCheckInput = z.infer<typeof TemplateCheckInput>;

export const SpamRule = z.object({
  name: z.string(),
  /** Points it added (negative ones count in the email's favour). */
  score: z.number(),
  description: z.string(),
  /** What to change in the email; absent where Herald has no advice. */
  fix: z.string().optional(),
});

export const SpamScore = z.object({
  score: z.number(),
  /** SpamAssassin's threshold: at or above it, the email counts as spam. */
  threshold: z.number(),
  spam: z.boolean(),
  rules: z.array(SpamRule),
});
export type SpamScore = z.infer<typeof SpamScore>;

export const TemplateCheck = z.object({
  /** Null when SpamAssassin is not available; `spamUnavailable` says why. */
  spam: SpamScore.nullable(),
  spamUnavailable: z.string().optional(),
  links: z.array(z.object({ href: z.string(), text: z.string(), problem: z.string() })),
  images: z.array(z.object({ src: z.string(), problem: z.string() })),
  marketing: z.boolean(),
  /** A marketing email whose template places no {{ unsubscribeUrl }}: Herald appends a plain footer. */
  unsubscribeLink: z.object({ present: z.boolean(), problem: z.string().optional() }),
  /** Every finding in a sentence, worst first: what the editor lists. */
  problems: z.array(z.string()),
});
export type TemplateCheck = z.infer<typeof TemplateCheck>;
