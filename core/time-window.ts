// Sending windows in the customer's own time zone (DESIGN decision 7): "weekdays 9:00 to 20:00"
// means 9:00 where the customer lives, never where the server is. luxon does the zone arithmetic,
// daylight-saving jumps included; `now` is always passed in, so workflows stay deterministic.
import { DateTime } from 'luxon';
import type { SendingWindow } from './graph.ts';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls inside the window in `timeZone`. A window may run past midnight (22:00 to 06:00). */
export function insideWindow(window: SendingWindow, timeZone: string, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const now = local.hour * 60 + local.minute;
  const [from, to] = [minutes(window.from), minutes(window.to)];
  const days = window.days ?? [1, 2, 3, 4, 5, 6, 7];
  if (from < to) return days.includes(local.weekday) && now >= from && now < to;
  // Overnight: the part after midnight belongs to the previous day's window.
  if (now >= from) return days.includes(local.weekday);
  return now < to && days.includes(local.minus({ days: 1 }).weekday);
}

/** The first instant at or after `at` inside the window, in the customer's zone. */
export function nextWindowStart(window: SendingWindow, timeZone: string, at: Date): Date {
  if (insideWindow(window, timeZone, at)) return at;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const [hour, minute] = [Number(window.from.slice(0, 2)), Number(window.from.slice(3, 5))];
  for (let day = 0; day <= 7; day++) {
    const start = local.startOf('day').plus({ days: day }).set({ hour, minute });
    if (start.toJSDate() >= at && insideWindow(window, timeZone, start.toJSDate()))
      return start.toJSDate();
  }
  throw new Error('a sending window with at least one day always opens within a week');
}
