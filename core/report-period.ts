// A report's period as instants: from the start of "from" to the end of "to" (UTC days), by
// default the 30 days up to today.
const DAY = 86_400_000;

export interface Period {
  from: Date;
  /** Exclusive: the start of the day after "to". */
  to: Date;
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function periodOf(q: { from?: string; to?: string }, now = new Date()): Period {
  const today = Date.parse(`${isoDay(now)}T00:00:00Z`);
  const to = q.to ? Date.parse(`${q.to}T00:00:00Z`) + DAY : today + DAY;
  const from = q.from ? Date.parse(`${q.from}T00:00:00Z`) : to - 30 * DAY;
  return { from: new Date(from), to: new Date(to) };
}
