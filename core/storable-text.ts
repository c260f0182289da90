// Text no Postgres text or jsonb value can hold: a NUL character, or a lone UTF-16 surrogate
// (half of an emoji). Shared by the api's input sanitiser and the CSV import, so both refuse it
// with the same fix instead of a database error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, as the fix to make, or undefined when Postgres can store it. */
export function unstorable(s: string): string | undefined {
  if (s.includes('\0')) return 'remove the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s))
    return 'remove the lone UTF-16 surrogate (a half of an emoji); send valid Unicode';
  return undefined;
}
