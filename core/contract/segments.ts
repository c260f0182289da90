// Saved segments, previews and static audiences (issue 12). The rule tree is core/segment-rules.ts.
import { z } from 'zod';
import { TimeZone } from '../customer.ts';
import { SegmentRules } from '../segment-rules.ts';
import { Problem } from './common.ts';

/** What a segment is saved with. `rules` may be a draft with values missing (see `problems`). */
export const SegmentInput = z.object({
  name: z.string().trim().min(1, 'name the segment').max(200),
  description: z.string().max(2000).nullish(),
  folder: z.string().trim().max(200).nullish(),
  rules: SegmentRules,
  /** Minutes between recalculations on its Temporal Schedule (5 minutes to a week). */
  refreshMinutes: z
    .number()
    .int()
    .min(5, 'at least 5 minutes')
    .max(10080, 'at most a week')
    .default(15),
});
export type SegmentInput = z.infer<typeof SegmentInput>;

/** The figures of a set of customers: how many, their share of the base, what they spend. */
export const SegmentMetrics = z.object({
  profiles: z.number(),
  base: z.number(),
  /** profiles / base, 0..1. */
  share: z.number(),
  averageCheck: z.number().nullable(),
  ltv: z.number().nullable(),
  totalSpent: z.number(),
});
export type SegmentMetrics = z.infer<typeof SegmentMetrics>;

export const Segment = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  folder: z.string().nullable(),
  rules: SegmentRules,
  /** Values still missing: a segment with problems is a draft, saved but never recalculated. */
  problems: z.array(Problem),
  refreshMinutes: z.number(),
  /** As of the last recalculation; null before the first. */
  metrics: SegmentMetrics.nullable(),
  refreshedAt: z.string().nullable(),
  refreshMs: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentAnswer = z.object({ segment: Segment });
export type SegmentAnswer = z.infer<typeof SegmentAnswer>;
export const SegmentList = z.object({ segments: z.array(Segment) });
export type SegmentList = z.infer<typeof SegmentList>;
export const SegmentListQuery = z.object({ folder: z.string().max(200).optional() });
export type SegmentListQuery = z.infer<typeof SegmentListQuery>;

export const SegmentPreviewInput = z.object({
  rules: SegmentRules,
  sampleSize: z.number().int().min(0).max(100).default(20),
});
export type SegmentPreviewInput = z.infer<typeof SegmentPreviewInput>;

export const SegmentSampleCustomer = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
});
export type SegmentSampleCustomer = z.infer<typeof SegmentSampleCustomer>;

export const SegmentPreview = z.object({
  metrics: SegmentMetrics,
  sample: z.array(SegmentSampleCustomer),
  /** How long the count, metrics and sample took, in milliseconds. */
  elapsedMs: z.number(),
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;

export const SegmentRefresh = z.object({
  entered: z.number(),
  exited: z.number(),
  profiles: z.number(),
  elapsedMs: z.number(),
});
export type SegmentRefresh = z.infer<typeof SegmentRefresh>;

export const SegmentSize = z.object({
  at: z.string(),
  profiles: z.number(),
  entered: z.number(),
  exited: z.number(),
});
export const SegmentSizes = z.object({ sizes: z.array(SegmentSize) });
export type SegmentSizes = z.infer<typeof SegmentSizes>;

export const SegmentCustomersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.uuid('a customer ID from the previous page').optional(),
});
export const SegmentCustomers = z.object({
  customers: z.array(SegmentSampleCustomer),
  /** Pass as `after` for the next page; absent on the last. */
  next: z.string().optional(),
});
export type SegmentCustomers = z.infer<typeof SegmentCustomers>;

// -- audiences ---------------------------------------------------------------------------------

/** Frozen from a segment's members now, or empty (then filled by CSV or by hand). */
export const AudienceInput = z.object({
  name: z.string().trim().min(1, 'name the audience').max(200),
  description: z.string().max(2000).nullish(),
  fromSegmentId: z.uuid('a segment ID').optional(),
});
export type AudienceInput = z.infer<typeof AudienceInput>;

export const Audience = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  origin: z.enum(['segment', 'csv', 'manual']),
  segmentId: z.string().nullable(),
  members: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Audience = z.infer<typeof Audience>;
export const AudienceAnswer = z.object({ audience: Audience });
export type AudienceAnswer = z.infer<typeof AudienceAnswer>;
export const AudienceList = z.object({ audiences: z.array(Audience) });
export type AudienceList = z.infer<typeof AudienceList>;

/** Customers added or removed by hand: Herald IDs or external IDs. */
export const AudienceMembersInput = z
  .object({
    customerIds: z.array(z.uuid('a customer ID')).max(10000).default([]),
    externalIds: z.array(z.string().min(1).max(500)).max(10000).default([]),
  })
  .refine((b) => b.customerIds.length + b.externalIds.length > 0, {
    message: 'name at least one customer by customerIds or externalIds',
    path: ['customerIds'],
  });
export type AudienceMembersInput = z.infer<typeof AudienceMembersInput>;

export const AudienceUploadQuery = z.object({
  mode: z.enum(['replace', 'append'], {
    error: 'say mode=replace (the file becomes the audience) or mode=append (added to it)',
  }),
});

export const AudienceChange = z.object({
  audience: Audience,
  added: z.number(),
  removed: z.number(),
  /** External IDs of the file or request that name no customer. */
  unknown: z.array(z.string()),
});
export type AudienceChange = z.infer<typeof AudienceChange>;

/** The account's time zone, in which segment rules read "today", "this month" and plain days. */
export const AccountTimeZone = z.object({ timeZone: TimeZone });
export type AccountTimeZone = z.infer<typeof AccountTimeZone>;
