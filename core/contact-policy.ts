// The contact policy (issue 15): frequency caps per channel and across channels, counted in the
// customer's own local days; messaging types' priorities; quiet hours per channel in the
// customer's zone; and the share of customers held out of all marketing (the global control
// group). Transactional messaging types are exempt from all of it and are not counted.
// The schema and the pure verdict live here; the one query that feeds the verdict on the send
// path is db/contact-policy.ts, and mailings apply the same rules in SQL when they freeze.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { HourMinute } from './duration.ts';
import { MessagingTypeKey } from './contract/messaging-types.ts';
import { insideWindow, nextWindowStart } from './time-window.ts';

/** A channel a rule applies to, or "any" for every channel together. */
export const PolicyChannel = z.enum(['any', 'email', 'sms', 'viber', 'push']);
export type PolicyChannel = z.infer<typeof PolicyChannel>;

export const FrequencyCap = z.object({
  channel: PolicyChannel,
  /** At most this many marketing messages... */
  max: z.number().int().min(0).max(1000),
  /** ...in this many of the customer's local days, today included: 1 is "a day", 7 "a week". */
  days: z.number().int().min(1, 'count at least one day').max(31, 'count at most 31 days'),
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

/** High-priority types go past the frequency caps (still counted by them); normal ones are capped. */
export const Priority = z.enum(['high', 'normal']);
export type Priority = z.infer<typeof Priority>;

export const QuietHours = z
  .object({ channel: PolicyChannel, from: HourMinute, to: HourMinute })
  .refine((q) => q.from !== q.to, {
    message: 'quiet hours must last longer than zero minutes',
    path: ['to'],
  });
export type QuietHours = z.infer<typeof QuietHours>;

export const ContactPolicyRules = z.object({
  caps: z.array(FrequencyCap).max(20, 'at most 20 caps').default([]),
  /** Priority by messaging type key; a type not listed is "normal". */
  priorities: z.record(MessagingTypeKey, Priority).default({}),
  quietHours: z.array(QuietHours).max(10, 'at most 10 quiet-hour rules').default([]),
});
export type ContactPolicyRules = z.infer<typeof ContactPolicyRules>;

export const ContactPolicy = ContactPolicyRules.extend({
  /** Percent of customers (by a stable hash of their ID) who get no marketing at all. */
  controlGroupPercent: z
    .number()
    .min(0)
    .max(50, 'hold out at most 50% of customers')
    .refine((n) => Math.round(n * 100) === n * 100, 'use at most two decimals')
    .default(0),
});
export type ContactPolicy = z.infer<typeof ContactPolicy>;

export const capLabel = (c: FrequencyCap) =>
  `at most ${c.max} ${c.channel === 'any' ? 'messages of any kind' : `${c.channel} messages`} ${
    c.days === 1 ? 'a day' : c.days === 7 ? 'a week' : `in ${c.days} days`
  }`;
export const quietLabel = (q: QuietHours) =>
  `quiet hours ${q.from}–${q.to} for ${q.channel === 'any' ? 'every channel' : q.channel}`;

const applies = (rule: PolicyChannel, channel: string) => rule === 'any' || rule === channel;

/** A zone luxon knows, else the fallback (the account's), else UTC. */
export function usableZone(zone: string | null | undefined, fallback?: string | null): string {
  for (const z of [zone, fallback]) if (z && DateTime.now().setZone(z).isValid) return z;
  return 'UTC';
}

/** The first instant of the local day `days - 1` days before today, in `zone`. */
export const capStart = (now: Date, zone: string, days: number) =>
  DateTime.fromJSDate(now, { zone })
    .startOf('day')
    .minus({ days: days - 1 })
    .toJSDate();

/** The quiet hours as the window they leave open, for nextWindowStart. */
export const openHours = (q: QuietHours) => ({ from: q.to, to: q.from });

export interface PolicySend {
  channel: string;
  messagingType: string;
  transactional: boolean;
  inControlGroup: boolean;
  timeZone: string;
  now: Date;
  /** The customer's earlier marketing messages (not failed or skipped) of the last 31 days. */
  recent: { channel: string; at: Date }[];
}

export type PolicyVerdict = { ok: true } | { ok: false; rule: string };

/** Whether the policy lets this message go, or the rule that holds it back. */
export function policyVerdict(policy: ContactPolicy, s: PolicySend): PolicyVerdict {
  if (s.transactional) return { ok: true };
  if (s.inControlGroup) return { ok: false, rule: 'control group' };
  for (const q of policy.quietHours)
    if (applies(q.channel, s.channel) && !insideWindow(openHours(q), s.timeZone, s.now))
      return { ok: false, rule: `contact policy: ${quietLabel(q)}` };
  if (policy.priorities[s.messagingType] === 'high') return { ok: true };
  for (const c of policy.caps) {
    if (!applies(c.channel, s.channel)) continue;
    const since = capStart(s.now, s.timeZone, c.days).getTime();
    const n = s.recent.filter((m) => applies(c.channel, m.channel) && m.at.getTime() >= since);
    if (n.length >= c.max) return { ok: false, rule: `contact policy: ${capLabel(c)}` };
  }
  return { ok: true };
}

/** When the quiet hours holding `channel` at `at` in `zone` end; null when none holds it. */
export function quietUntil(
  policy: Pick<ContactPolicy, 'quietHours'>,
  channel: string,
  zone: string,
  at: Date,
): Date | null {
  let until: Date | null = null;
  for (const q of policy.quietHours) {
    if (!applies(q.channel, channel) || insideWindow(openHours(q), zone, at)) continue;
    const end = nextWindowStart(openHours(q), zone, at);
    if (!until || end > until) until = end;
  }
  return until;
}
