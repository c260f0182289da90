// Keyset cursors over (time, id): "the rows before this one", stable while new rows arrive, so a
// page never repeats or skips a row the way an offset would.
export const encodeCursor = (at: string, id: string) =>
  Buffer.from(`${at}|${id}`).toString('base64url');

/** The time as cursorTime writes it; anything else (year 0000, an offset) Postgres may refuse. */
const CURSOR_AT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Throws a RangeError on a cursor this api did not make; routes turn it into a 400. */
export function decodeCursor(cursor: string): [string, string] {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (
    !at ||
    !id ||
    rest.length > 0 ||
    !CURSOR_AT.test(at) ||
    Number.isNaN(Date.parse(at)) ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
  )
    throw new RangeError('not a cursor from this api');
  return [at, id];
}

/**
 * A row's time to the microsecond, as Postgres keeps it: a JavaScript Date would cut it to the
 * millisecond, and a cursor cut short skips the rows of that millisecond.
 */
export const cursorTime = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`;

/** The page's rows and the cursor of the next page: one row more than `limit` was asked for. */
export function pageOf<T extends { id: string }>(
  rows: T[],
  limit: number,
  at: (row: T) => string,
): { rows: T[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? encodeCursor(at(last), last.id) : null };
}
