// The campaign calendar's arithmetic: the days of a month or week grid (weeks start on Monday),
// and which campaigns run on a day. Local dates of the marketer's browser, pure and tested.

export interface CalendarCampaign {
  id: string;
  name: string;
  status: string;
  startsAt: string | null;
  endsAt: string | null;
  publishedAt: string | null;
  updatedAt: string;
}

export interface DayEntry {
  campaign: CalendarCampaign;
  /** The campaign's first or last day of taking entries falls on this day. */
  starts: boolean;
  ends: boolean;
}

const DAY_MS = 86_400_000;
const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
/** Monday of the week holding `d`. */
const monday = (d: Date) => addDays(startOfDay(d), -((d.getDay() + 6) % 7));

export function weekDays(anchor: Date): Date[] {
  const first = monday(anchor);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** The weeks (Monday to Sunday) that show the month of `anchor`, whole weeks at both ends. */
export function monthWeeks(anchor: Date): Date[][] {
  const first = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
  const last = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0);
  const weeks: Date[][] = [];
  for (let start = monday(first); start <= last; start = addDays(start, 7))
    weeks.push(weekDays(start));
  return weeks;
}

/**
 * When a campaign takes entries: from its start date (else its publication) to its end date
 * (else open while it runs; a stopped campaign ended when it last changed). Drafts with no
 * start date and archived campaigns are not on the calendar.
 */
export function campaignSpan(c: CalendarCampaign): { from: number; to: number } | undefined {
  if (c.status === 'archived') return undefined;
  const from = c.startsAt ?? c.publishedAt;
  if (!from) return undefined;
  const to = c.endsAt ?? (c.status === 'stopped' ? c.updatedAt : null);
  return { from: Date.parse(from), to: to ? Date.parse(to) : Number.POSITIVE_INFINITY };
}

export function campaignsOn(day: Date, campaigns: CalendarCampaign[]): DayEntry[] {
  const dayStart = startOfDay(day).getTime();
  const dayEnd = dayStart + DAY_MS;
  return campaigns.flatMap((campaign) => {
    const span = campaignSpan(campaign);
    if (!span || span.from >= dayEnd || span.to < dayStart) return [];
    return [
      {
        campaign,
        starts: span.from >= dayStart,
        ends: span.to < dayEnd,
      },
    ];
  });
}

/**
 * Splits the campaigns of a period (the days shown) into those that take entries through all of
 * it, drawn once as a band across the period instead of on every day, and the rest, drawn on
 * the days they start, run and end.
 */
export function splitPeriod(
  days: Date[],
  campaigns: CalendarCampaign[],
): { band: CalendarCampaign[]; dated: CalendarCampaign[] } {
  const first = startOfDay(days[0]!).getTime();
  const last = startOfDay(days.at(-1)!).getTime() + DAY_MS;
  const band: CalendarCampaign[] = [];
  const dated: CalendarCampaign[] = [];
  for (const c of campaigns) {
    const span = campaignSpan(c);
    if (span && span.from < first && span.to >= last) band.push(c);
    else dated.push(c);
  }
  return { band, dated };
}

export interface CalendarMailing {
  id: string;
  name: string;
  status: string;
  delivery: { mode: 'now' } | { mode: 'at'; at: string } | { mode: 'localTime'; localTime: string };
  startedAt: string | null;
}

/**
 * When a mailing goes out: the day it started, once it has; else its scheduled day (a local
 * time's date as written). Drafts, cancelled and failed mailings are not on the calendar.
 */
export function mailingDay(m: CalendarMailing): Date | undefined {
  if (['draft', 'cancelled', 'failed'].includes(m.status)) return undefined;
  if (m.startedAt) return startOfDay(new Date(m.startedAt));
  if (m.delivery.mode === 'at') return startOfDay(new Date(m.delivery.at));
  if (m.delivery.mode === 'localTime') {
    const [y, mo, d] = m.delivery.localTime.slice(0, 10).split('-').map(Number);
    return new Date(y!, mo! - 1, d);
  }
  return undefined;
}

export const mailingsOn = (day: Date, mailings: CalendarMailing[]) =>
  mailings.filter((m) => mailingDay(m)?.getTime() === startOfDay(day).getTime());
