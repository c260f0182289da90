// Conditions on belonging: another saved segment (its rules are inlined, so it is as fresh as
// this one; a cycle is refused), a static audience, and a stable random bucket for hold-outs.
import { z } from 'zod';

export const SegmentCondition = z.object({
  kind: z.literal('segment'),
  segmentId: z.uuid('a segment ID'),
  member: z.boolean().default(true),
});
export type SegmentCondition = z.infer<typeof SegmentCondition>;

export const AudienceCondition = z.object({
  kind: z.literal('audience'),
  audienceId: z.uuid('an audience ID'),
  member: z.boolean().default(true),
});
export type AudienceCondition = z.infer<typeof AudienceCondition>;

/**
 * The customer's bucket, 0..buckets-1, is a hash of the salt and their ID: the same customer
 * always lands in the same bucket for a salt, and another salt shuffles anew. Buckets `from`
 * to `to` (inclusive) match: 0..9 of 100 is a 10 % hold-out.
 */
export const RandomBucketCondition = z
  .object({
    kind: z.literal('randomBucket'),
    salt: z.string().max(200).default(''),
    buckets: z.number().int().min(2, 'at least 2 buckets').max(10000).default(100),
    from: z.number().int().min(0),
    to: z.number().int().min(0),
  })
  .refine((c) => c.from <= c.to && c.to < c.buckets, {
    message: 'from ≤ to < buckets',
    path: ['to'],
  });
export type RandomBucketCondition = z.infer<typeof RandomBucketCondition>;
