// GET /v1/segment-values: what the segment builder's value pickers offer, read from the data
// (cities, stores, product categories...) or from the named things a rule can point at
// (campaigns, mailings), so a marketer picks "Novosibirsk" instead of guessing its spelling.
import { z } from 'zod';

export const SEGMENT_VALUE_FIELDS = [
  'city',
  'gender',
  'source',
  'locale',
  'tag',
  'rfmSegment',
  'store',
  'receiptSource',
  'category',
  'product',
  'productId',
  'campaign',
  'mailing',
  'messagingType',
] as const;

export const SegmentValuesQuery = z.object({
  field: z.enum(SEGMENT_VALUE_FIELDS, {
    error: `pick one of ${SEGMENT_VALUE_FIELDS.join(', ')}`,
  }),
  /** Only values containing this text (case-insensitive). */
  q: z.string().max(200, 'at most 200 characters').default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SegmentValuesQuery = z.infer<typeof SegmentValuesQuery>;

export const SegmentValue = z.object({
  /** What the rule stores: the text itself, or the campaign's or mailing's ID. */
  value: z.string(),
  label: z.string(),
});
export type SegmentValue = z.infer<typeof SegmentValue>;

export const SegmentValues = z.object({
  values: z.array(SegmentValue),
  /** True when the values were read from the first rows of a large table, not all of it. */
  sampled: z.boolean(),
});
export type SegmentValues = z.infer<typeof SegmentValues>;
