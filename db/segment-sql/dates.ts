// Dates in the account's time zone. "now" and the zone are bound once per query; calendar
// periods start at local midnight; a day given as 2026-01-31 is that local day, all of it.
import type { CalendarPeriod, DateValue, NumberTest, Period } from '../../core/segment-rules.ts';
import type { Sql } from './sql.ts';
import { raw, sql } from './sql.ts';

export interface Clock {
  now: Sql; // timestamptz
  zone: Sql; // text
  today: Sql; // the local date
}

export function clockOf(now: Date, timeZone: string): Clock {
  const n = sql`${now.toISOString()}::timestamptz`;
  const zone = sql`${timeZone}::text`;
  return { now: n, zone, today: sql`(${n} at time zone ${zone})::date` };
}

const isDay = (v: DateValue) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A date value as a local date. */
export const localDate = (clock: Clock, v: DateValue) =>
  isDay(v) ? sql`${v}::date` : sql`(${v}::timestamptz at time zone ${clock.zone})::date`;

/** The instant a local date begins. */
export const midnight = (clock: Clock, date: Sql) =>
  sql`((${date})::timestamp at time zone ${clock.zone})`;

const UNITS: Record<CalendarPeriod, [unit: string, offset: number]> = {
  today: ['day', 0],
  yesterday: ['day', -1],
  thisWeek: ['week', 0],
  lastWeek: ['week', -1],
  thisMonth: ['month', 0],
  lastMonth: ['month', -1],
  thisYear: ['year', 0],
  lastYear: ['year', -1],
};

/** The local dates [from, until) of a calendar period. */
export function calendarRange(clock: Clock, period: CalendarPeriod): [Sql, Sql] {
  const [unit, offset] = UNITS[period];
  const start = sql`date_trunc(${raw(`'${unit}'`)}, ${clock.today})`;
  const at = (n: number) => sql`(${start} + ${raw(`interval '${n} ${unit}'`)})::date`;
  return [at(offset), at(offset + 1)];
}

export const days = (n: number) => sql`make_interval(days => ${n}::int)`;

/** One end of a span of time: the instant and whether the span holds it. */
export interface TimeEnd {
  at: Sql;
  inclusive: boolean;
}

/** A period as the instants it spans (an end left out is open); `ever` spans all time. */
export interface TimeSpan {
  from?: TimeEnd;
  until?: TimeEnd;
}

const isInstant = (v: DateValue) => !isDay(v);

/**
 * The instants a period spans, in the account's zone: what a timestamp test compares with, and
 * what a count over the sorted purchase times of `customer_purchases` bisects.
 */
export function timeSpan(clock: Clock, period: Period): TimeSpan {
  const { now } = clock;
  const incl = (at: Sql): TimeEnd => ({ at, inclusive: true });
  const excl = (at: Sql): TimeEnd => ({ at, inclusive: false });
  /** The instant a local day begins, and the instant the day after it begins. */
  const dayStart = (v: DateValue) => midnight(clock, localDate(clock, v));
  const dayEnd = (v: DateValue) => midnight(clock, sql`(${localDate(clock, v)} + 1)`);
  switch (period.op) {
    case 'ever':
      return {};
    case 'inLast':
      return { from: incl(sql`${now} - ${days(period.days)}`), until: incl(now) };
    case 'moreThanDaysAgo':
      return { until: excl(sql`${now} - ${days(period.days)}`) };
    case 'inNext':
      return { from: incl(now), until: incl(sql`${now} + ${days(period.days)}`) };
    case 'calendar': {
      const [from, until] = calendarRange(clock, period.period);
      return { from: incl(midnight(clock, from)), until: excl(midnight(clock, until)) };
    }
    case 'on':
      return { from: incl(dayStart(period.date)), until: excl(dayEnd(period.date)) };
    case 'before':
      return {
        until: excl(
          isInstant(period.date) ? sql`${period.date}::timestamptz` : dayStart(period.date),
        ),
      };
    case 'after':
      return isInstant(period.date)
        ? { from: excl(sql`${period.date}::timestamptz`) }
        : { from: incl(dayEnd(period.date)) };
    case 'dateBetween':
      return {
        from: incl(
          isInstant(period.from) ? sql`${period.from}::timestamptz` : dayStart(period.from),
        ),
        until: isInstant(period.to)
          ? incl(sql`${period.to}::timestamptz`)
          : excl(dayEnd(period.to)),
      };
  }
}

/**
 * Age in whole years compared with a number, as a range of birth dates: "at least k years old"
 * is "born on or before today minus k years" (the same answer as extract(year from age()), leap
 * days included), which reads the birth date alone instead of computing an age for every
 * customer. Undefined for tests without such a range (not equal, lists, presence), and for
 * bounds under one year, where a birth date in the future would read differently.
 */
export function ageRange(clock: Clock, test: NumberTest): Sql | undefined {
  const atLeast = (k: number) =>
    sql`c.birth_date <= (${clock.today} - make_interval(years => ${k}::int))::date`;
  const under = (k: number) =>
    sql`c.birth_date > (${clock.today} - make_interval(years => ${k}::int))::date`;
  const range = (from: number | undefined, until: number | undefined) => {
    if ((from !== undefined && from < 1) || (until !== undefined && until < 1)) return undefined;
    const parts = [
      ...(from === undefined ? [] : [atLeast(from)]),
      ...(until === undefined ? [] : [under(until)]),
    ];
    return parts.length === 2 ? sql`(${parts[0]!} and ${parts[1]!})` : parts[0];
  };
  switch (test.op) {
    case 'gte':
      return range(Math.ceil(test.value), undefined);
    case 'gt':
      return range(Math.floor(test.value) + 1, undefined);
    case 'lte':
      return range(undefined, Math.floor(test.value) + 1);
    case 'lt':
      return range(undefined, Math.ceil(test.value));
    case 'between':
      return range(Math.ceil(test.min), Math.floor(test.max) + 1);
    case 'equals':
      return Number.isInteger(test.value) ? range(test.value, test.value + 1) : undefined;
    default:
      return undefined;
  }
}
