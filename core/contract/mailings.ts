// Mass mailings (issue 15): a one-time send to the customers of segments and audiences, now or on
// a date, optionally at that local time in each recipient's own zone.
import { z } from 'zod';
import { Touch } from '../attribution.ts';
import { Channel } from '../channels.ts';
import { SendingWindow } from '../duration.ts';
import { MessagingTypeKey } from './messaging-types.ts';
import { IdParams, Problem, Timestamp } from './common.ts';

export const MailingStatus = z.enum([
  'draft',
  'scheduled',
  'collecting',
  'sending',
  'paused',
  'sent',
  'cancelled',
  'failed',
]);
export type MailingStatus = z.infer<typeof MailingStatus>;

/** Webhooks are a journey step, not something one mails a segment through. */
export const MailingChannel = Channel.exclude(['webhook']);
export type MailingChannel = z.infer<typeof MailingChannel>;

const Ids = (what: string) =>
  z
    .array(z.uuid(`use ${what} ID (a UUID)`))
    .max(50, 'at most 50')
    .default([]);
export const MailingAudience = z.object({
  include: z
    .object({ segments: Ids('a segment'), audiences: Ids('an audience') })
    .default({ segments: [], audiences: [] }),
  exclude: z
    .object({ segments: Ids('a segment'), audiences: Ids('an audience') })
    .default({ segments: [], audiences: [] }),
});
export type MailingAudience = z.infer<typeof MailingAudience>;

/** A wall-clock time without a zone ("2026-12-24T10:00"), read in each recipient's zone. */
export const LocalDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/,
    'use a local date and time without a zone, such as "2026-12-24T10:00"',
  );

export const MailingDelivery = z.discriminatedUnion('mode', [
  /** Send as soon as it is started, whatever the recipients' local time. */
  z.object({ mode: z.literal('now') }),
  /** At one instant for everybody ("deliver immediately, ignoring the recipient's local time"). */
  z.object({
    mode: z.literal('at'),
    at: z.iso.datetime({
      offset: true,
      error: 'use an ISO 8601 time with its zone, such as "2026-12-24T10:00:00Z"',
    }),
  }),
  /** At this wall-clock time in each recipient's time zone, across the day. */
  z.object({ mode: z.literal('localTime'), localTime: LocalDateTime }),
]);
export type MailingDelivery = z.infer<typeof MailingDelivery>;

/** A mailing's own attribution rules (core/attribution.ts); what it leaves out is its channel's default. */
export const MailingAttribution = z.object({
  /** A purchase this many days after the touch is credited to the mailing. */
  windowDays: z.number().int().min(1).max(90).optional(),
  /** The window in hours instead (1 to 2160), for the short windows of SMS and push. */
  windowHours: z.number().int().min(1).max(2160).optional(),
  /** What counts as reaching the customer: received, opened (or clicked), or clicked. */
  touch: Touch.optional(),
});
export type MailingAttribution = z.infer<typeof MailingAttribution>;

export const MailingVariant = z.object({
  templateId: z.uuid('use a template ID (a UUID)'),
  /** A published revision of it; absent: the one published when the audience is frozen. */
  templateRevision: z.number().int().min(1).max(2_147_483_647).nullish(),
  /** A subject instead of the template's (email). */
  subject: z.string().trim().min(1).max(500).nullish(),
});
export type MailingVariant = z.infer<typeof MailingVariant>;

export const MailingAbTest = z.object({
  variants: z
    .array(MailingVariant)
    .min(2, 'an A/B test needs at least two variants')
    .max(5, 'at most five variants'),
  /** Percent of recipients who get nothing, kept to measure the mailing's uplift. */
  controlPercent: z.number().min(0).max(50, 'hold out at most 50%').default(0),
  /** Percent of the others sent the variants first; absent: all of them are split. */
  testPercent: z
    .number()
    .min(1)
    .max(99, 'leave some for the winner, or omit testPercent')
    .nullish(),
  winnerBy: z.enum(['opens', 'clicks', 'conversions']).default('opens'),
  /** How long after the test is sent the winner is picked and sent to the rest. */
  winnerAfterMinutes: z.number().int().min(1).max(43_200, 'at most 30 days').default(240),
});
export type MailingAbTest = z.infer<typeof MailingAbTest>;

export const MailingAbResult = z.object({
  variant: z.number(),
  sent: z.number(),
  opened: z.number(),
  clicked: z.number(),
  converted: z.number(),
});
export type MailingAbResult = z.infer<typeof MailingAbResult>;

export const MailingInput = z.object({
  name: z.string().trim().min(1, 'name the mailing').max(200),
  channel: MailingChannel,
  /** The one sender of the mailing (an email From, an SMS sender name); the gateway's default if none. */
  sender: z.string().trim().min(1).max(200).nullish(),
  templateId: z.uuid('use a template ID (a UUID)').nullish(),
  /** A published revision of the template; absent: the one published when the mailing is saved. */
  templateRevision: z.number().int().min(1).max(2_147_483_647).nullish(),
  messagingType: MessagingTypeKey.default('promo'),
  audience: MailingAudience.default({
    include: { segments: [], audiences: [] },
    exclude: { segments: [], audiences: [] },
  }),
  delivery: MailingDelivery.default({ mode: 'now' }),
  /** Sends only inside this window (recipient's zone with localTime, the account's otherwise). */
  sendingWindow: SendingWindow.nullish(),
  throttlePerMinute: z.number().int().min(1).max(1_000_000).nullish(),
  attribution: MailingAttribution.default({}),
  abTest: MailingAbTest.nullish(),
});
export type MailingInput = z.infer<typeof MailingInput>;

export const MailingCounts = z.object({
  recipients: z.number(),
  queued: z.number(),
  sent: z.number(),
  delivered: z.number(),
  failed: z.number(),
  skipped: z.number(),
  opened: z.number(),
  clicked: z.number(),
  unsubscribed: z.number(),
  /** Recipients with a purchase within the attribution window after their message. */
  converted: z.number(),
});
export type MailingCounts = z.infer<typeof MailingCounts>;

export const MailingExclusions = z.object({
  no_contact: z.number(),
  invalid: z.number(),
  unsubscribed: z.number(),
  capped: z.number(),
  control_group: z.number(),
  /** The A/B test's own control share. */
  ab_control: z.number(),
});
export type MailingExclusions = z.infer<typeof MailingExclusions>;

export const Mailing = MailingInput.extend({
  id: z.string(),
  status: MailingStatus,
  /** The revision pinned: its subject and body are what the mailing sends. */
  templateRevision: z.number().nullable(),
  /** What blocks scheduling; a draft saves with them. */
  problems: z.array(Problem),
  counts: MailingCounts,
  excluded: MailingExclusions.nullable(),
  freezeMs: z.number().nullable(),
  /** The A/B winner (a variant's index) once picked, and each variant's figures. */
  abWinner: z.number().nullable(),
  abResults: z.array(MailingAbResult).nullable(),
  error: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type Mailing = z.infer<typeof Mailing>;

export const MailingAnswer = z.object({
  mailing: Mailing.extend({
    /** Its rules changed and its attribution is being recomputed since then; null when not. */
    attributionRecomputingSince: Timestamp.nullable(),
  }),
});
export type MailingAnswer = z.infer<typeof MailingAnswer>;
export const MailingList = z.object({ mailings: z.array(Mailing.omit({ counts: true })) });
export type MailingList = z.infer<typeof MailingList>;
export const MailingParams = IdParams('a mailing');
export const MailingThrottle = z.object({
  throttlePerMinute: z.number().int().min(1).max(1_000_000).nullable(),
});
export type MailingThrottle = z.infer<typeof MailingThrottle>;
