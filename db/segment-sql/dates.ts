// Dates in the account's time zone. "now" and the zone are bound once per query; calendar
// periods start at local midnight; a day given as 2026-01-31 is that local day, all of it.
import type { CalendarPeriod, DateValue } from '../../core/segment-rules.ts';
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
