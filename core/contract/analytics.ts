// The analytics reports' queries and answers (issue 16). A period is two calendar dates in UTC,
// both included, at most 366 days apart; filters narrow by channel and messaging type.
import { z } from 'zod';
import { AttributionRules } from '../attribution.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY, 'use a date as YYYY-MM-DD')
  // Date.parse takes February 30 as March 2: a real date reads back the same.
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'use a real calendar date');

export const ReportChannel = z.enum(['email', 'sms', 'push', 'viber']);

export const ReportQuery = z
  .object({
    from: day.optional(),
    to: day.optional(),
    channel: ReportChannel.optional(),
    messagingType: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'end the period on or after "from"' });
    if (q.from && q.to && Date.parse(q.to) - Date.parse(q.from) > 366 * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'choose a period of at most 366 days',
      });
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

const Count = z.number().int();
const DailyCount = z.object({ day: z.string(), count: Count });

export const CustomerBaseReport = z.object({
  customers: Count,
  newInPeriod: Count,
  growth: z.array(z.object({ day: z.string(), newCustomers: Count, customers: Count })),
  bySource: z.array(z.object({ source: z.string(), customers: Count })),
  byCity: z.array(z.object({ city: z.string(), customers: Count })),
  subscriptions: z.array(
    z.object({ channel: z.string(), messagingType: z.string(), subscribed: Count }),
  ),
  rfm: z.array(z.object({ segment: z.string(), customers: Count })),
});
export type CustomerBaseReport = z.infer<typeof CustomerBaseReport>;

export const QualityTrend = z.object({
  days: z.array(
    z.object({
      day: z.string(),
      customers: Count,
      validEmails: Count,
      validPhones: Count,
      withTimeZone: Count,
      subscribedEmail: Count,
      subscribedSms: Count,
    }),
  ),
});

export const ChannelCounts = z.object({
  sent: Count,
  delivered: Count,
  opened: Count,
  /** Opens by privacy proxies and scanners: not in `opened`. */
  machineOpened: Count,
  clicked: Count,
  failed: Count,
  unsubscribed: Count,
});
export type ChannelCounts = z.infer<typeof ChannelCounts>;

export const ChannelsReport = z.object({
  rows: z.array(ChannelCounts.extend({ channel: z.string(), messagingType: z.string() })),
  daily: z.array(ChannelCounts.extend({ day: z.string() })),
  /** Days read from the daily snapshot tables; the rest were counted live. */
  fromSnapshots: Count,
});
export type ChannelsReport = z.infer<typeof ChannelsReport>;

const Significance = z.object({ z: z.number(), p: z.number() }).nullable();
/** Conversion minus the control group's, in points (0 to 1) and relative to it; null without one. */
const Uplift = z.object({ absolute: z.number(), relative: z.number().nullable() }).nullable();
const Effect = z.object({
  mailingId: z.string().nullable(),
  campaignId: z.string().nullable(),
  nodeId: z.string().nullable(),
  variant: z.string().nullable(),
  sent: Count,
  delivered: Count,
  opened: Count,
  clicked: Count,
  recipients: Count,
  converted: Count,
  orders: Count,
  revenue: z.number(),
  averageCheck: z.number().nullable(),
  conversionRate: z.number(),
  uplift: Uplift,
});
const Group = z.object({ recipients: Count, converted: Count, conversionRate: z.number() });

export const MailingReport = z.object({
  funnel: z.object({
    sent: Count,
    delivered: Count,
    opened: Count,
    machineOpened: Count,
    clicked: Count,
    converted: Count,
  }),
  daily: z.array(
    z.object({
      day: z.string(),
      sent: Count,
      opened: Count,
      clicked: Count,
      orders: Count,
      revenue: z.number(),
    }),
  ),
  total: Effect,
  /** Per step (campaigns) and A/B variant. */
  steps: z.array(Effect),
  /** Each variant against the first, by conversion: a two-proportion z-test, two-sided. */
  variants: z.array(Effect.extend({ significance: Significance })),
  control: z
    .object({
      treated: Group,
      control: Group,
      uplift: Uplift,
    })
    .nullable(),
  rules: AttributionRules.nullable(),
  /** A mailing whose rules changed: its attribution is being recomputed since then (ISO 8601). */
  recomputingSince: z.string().nullable(),
});
export type MailingReport = z.infer<typeof MailingReport>;

export const HeatmapReport = z.object({
  /** weekday 1 (Monday) to 7, hour 0 to 23, in each recipient's own time zone. */
  cells: z.array(z.object({ weekday: Count, hour: Count, opens: Count })),
  machineOpens: Count,
});

export const DeliveryReport = z.object({
  byReason: z.array(
    z.object({ reason: z.string(), failed: Count, example: z.string().nullable() }),
  ),
  byProvider: z.array(z.object({ provider: z.string(), sent: Count, failed: Count })),
  byDomain: z.array(z.object({ domain: z.string(), sent: Count, failed: Count })),
  responses: z.array(z.object({ response: z.string(), count: Count })),
});

export const RfmReport = z.object({
  cells: z.array(
    z.object({ r: Count, f: Count, segment: z.string(), customers: Count, revenue: z.number() }),
  ),
});

export const InterestsReport = z.object({
  categories: z.array(z.object({ category: z.string(), views: Count, customers: Count })),
  daily: z.array(DailyCount),
});

export const ReportName = z.enum([
  'customers',
  'data-quality',
  'channels',
  'opens-heatmap',
  'delivery',
  'rfm',
  'interests',
]);
export type ReportName = z.infer<typeof ReportName>;

export const ReportSchedule = z.object({
  report: ReportName,
  query: z
    .object({
      channel: ReportChannel.optional(),
      days: z.number().int().min(1).max(366).default(30),
    })
    .default({ days: 30 }),
  format: z.enum(['csv', 'xlsx']),
  recipients: z
    .array(z.email('use an email address'))
    .min(1, 'name at least one recipient')
    .max(20),
  every: z.enum(['day', 'week', 'month']),
});
export type ReportSchedule = z.infer<typeof ReportSchedule>;
