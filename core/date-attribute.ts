// Dates from a customer's profile ("birthDate", "custom.renewsOn") turned into instants in the
// customer's own time zone (DESIGN decision 7). Pure: `now` is passed in, so workflows replay.
import { DateTime } from 'luxon';

/** Reads "1990-05-17" or an ISO timestamp as a calendar date; undefined for anything else. */
export function calendarDate(
  value: unknown,
): { year: number; month: number; day: number } | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return {
      year: value.getUTCFullYear(),
      month: value.getUTCMonth() + 1,
      day: value.getUTCDate(),
    };
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return undefined;
  const date = DateTime.fromObject(
    { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) },
    { zone: 'UTC' },
  );
  return date.isValid ? { year: date.year, month: date.month, day: date.day } : undefined;
}

/**
 * The instant `offsetDays` after the date, at `time` ("10:00") in `timeZone`. With `yearly`, the
 * date's next anniversary whose instant is not yet past (a 29 February falls on 28 February in
 * other years). Undefined when the value is not a date.
 */
export function dateAttributeInstant(
  value: unknown,
  opts: { offsetDays: number; time: string; timeZone: string; yearly?: boolean; now: Date },
): Date | undefined {
  const date = calendarDate(value);
  if (!date) return undefined;
  const [hour, minute] = [Number(opts.time.slice(0, 2)), Number(opts.time.slice(3, 5))];
  const at = (year: number) => {
    const base = DateTime.fromObject({ year, month: date.month, day: 1 }, { zone: opts.timeZone });
    const day = Math.min(date.day, base.daysInMonth ?? date.day);
    return base.set({ day, hour, minute }).plus({ days: opts.offsetDays });
  };
  if (!opts.yearly) return at(date.year).toJSDate();
  const nowYear = DateTime.fromJSDate(opts.now, { zone: opts.timeZone }).year;
  for (const year of [nowYear - 1, nowYear, nowYear + 1]) {
    const instant = at(year).toJSDate();
    if (instant >= opts.now) return instant;
  }
  return at(nowYear + 1).toJSDate();
}
