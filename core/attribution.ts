// Attribution rules and the arithmetic of campaign effectiveness. A purchase is credited to the
// last communication that reached the customer within a window before it; what "reached" means
// (received, opened or clicked) and the window are the rules. The defaults follow the reference:
// an email counts once opened or clicked, within 5 days; an SMS, push or Viber message once
// received, within 1 day. A mailing may hold its own rules; everything else uses its channel's.
import { errorFunction } from 'simple-statistics';
import { z } from 'zod';

export const Touch = z.enum(['received', 'opened', 'clicked']);
export type Touch = z.infer<typeof Touch>;

export const AttributionRules = z.object({
  touch: Touch,
  /** The window after the touch, in hours (5 days is 120). */
  windowHours: z.number().int().min(1).max(2160),
});
export type AttributionRules = z.infer<typeof AttributionRules>;

export const CHANNEL_DEFAULTS: Record<string, AttributionRules> = {
  email: { touch: 'opened', windowHours: 120 },
  sms: { touch: 'received', windowHours: 24 },
  push: { touch: 'received', windowHours: 24 },
  viber: { touch: 'received', windowHours: 24 },
};

/** What a mailing stores: any of the rules, a window in days or hours; the rest from its channel. */
export interface StoredRules {
  touch?: Touch;
  windowHours?: number;
  windowDays?: number;
}

/** A mailing's effective rules: its own where it set them, its channel's default otherwise. */
export function resolveRules(stored: StoredRules | null | undefined, base: AttributionRules) {
  const windowHours =
    stored?.windowHours ??
    (stored?.windowDays === undefined ? base.windowHours : stored.windowDays * 24);
  return { touch: stored?.touch ?? base.touch, windowHours };
}

/**
 * The SQL for the instant a message counted as a touch under a rule, from the first-time columns
 * of messages (migration 0190). A click implies an open, and an open implies receipt, so a looser
 * touch takes the earliest of the stricter ones too. A message with no delivery report counts as
 * received when it was sent; a failed one never does.
 */
export function touchSql(alias: string, touchColumn: string): string {
  const m = (c: string) => `${alias}.${c}`;
  const received = `case when ${m('status')} in ('sent', 'delivered') then coalesce(${m('delivered_at')}, ${m('created_at')}) end`;
  const opened = `least(${m('opened_at')}, ${m('clicked_at')})`;
  return `case ${touchColumn}
    when 'clicked' then ${m('clicked_at')}
    when 'opened' then ${opened}
    else coalesce(${opened}, ${received}) end`;
}

export interface Conversion {
  recipients: number;
  converted: number;
}

/** Share converted, 0 to 1, to four places; 0 for nobody. */
export const rate = (c: Conversion) =>
  c.recipients === 0 ? 0 : Math.round((c.converted / c.recipients) * 10_000) / 10_000;

/**
 * The uplift of a treated group over its control group: the difference of conversion rates (in
 * points, 0 to 1) and relative to the control's rate; null where the control is empty.
 */
export function uplift(treated: Conversion, control: Conversion) {
  if (control.recipients === 0) return null;
  const absolute = Math.round((rate(treated) - rate(control)) * 10_000) / 10_000;
  const relative =
    rate(control) === 0 ? null : Math.round((absolute / rate(control)) * 1000) / 1000;
  return { absolute, relative };
}

/**
 * Whether two conversion rates differ beyond chance: a two-proportion z-test with the pooled
 * proportion, two-sided. Returns z and the p-value; null when either group is empty or nobody
 * (or everybody) converted in both, where the test says nothing.
 */
export function twoProportionZTest(a: Conversion, b: Conversion) {
  if (a.recipients === 0 || b.recipients === 0) return null;
  const pooled = (a.converted + b.converted) / (a.recipients + b.recipients);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.recipients + 1 / b.recipients));
  if (se === 0) return null;
  const z = (a.converted / a.recipients - b.converted / b.recipients) / se;
  const p = 2 * (1 - normalCdf(Math.abs(z)));
  return { z: Math.round(z * 1000) / 1000, p: Math.round(p * 10_000) / 10_000 };
}

/** The standard normal CDF, from the error function. */
const normalCdf = (x: number) => 0.5 * (1 + errorFunction(x / Math.SQRT2));
