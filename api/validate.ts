// Turns bad input into a 400 that names every field at fault and how to fix it: first the text
// no Postgres value can hold (checked once for every route's path, query and body), then the
// route's zod schema.
import type { z } from 'zod';
import { unstorable } from '../core/storable-text.ts';
import { badRequest, type FieldProblem, type FieldPlace, zodProblems } from '../core/errors.ts';

/** Deeper than any payload Herald reads; a body nested thousands deep only exhausts the stack. */
export const MAX_DEPTH = 64;

/** An ISO 8601 date or time at the start of a string: its year and, if given, its UTC offset. */
const ISO_TIME = /^(\d{4})-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** What is wrong with one string value, or undefined. */
function textProblem(s: string): string | undefined {
  const bad = unstorable(s);
  if (bad) return bad;
  const time = ISO_TIME.exec(s);
  if (time) {
    // Postgres has no year 0, and no UTC offset beyond ±15:59 (real ones stop at ±14:00).
    if (time[1] === '0000') return 'use a year from 0001 to 9999';
    if (time[3] && Number(time[3]) * 60 + Number(time[4]) > 14 * 60)
      return 'use a UTC offset between -14:00 and +14:00, e.g. "+02:00" or "Z"';
  }
  return undefined;
}

/** Every field of a parsed path, query or body that no route could store, with the fix. */
export function inputProblems(value: unknown, place: FieldPlace): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fieldOf = (path: string[]) => path.join('.') || `(${place})`;
  const walk = (v: unknown, path: string[]): void => {
    if (problems.length >= 20) return;
    if (typeof v === 'string') {
      const message = textProblem(v);
      if (message) problems.push({ field: fieldOf(path), in: place, message });
      return;
    }
    if (!v || typeof v !== 'object' || Buffer.isBuffer(v)) return;
    if (path.length >= MAX_DEPTH) {
      problems.push({
        field: fieldOf(path),
        in: place,
        message: `nest objects and arrays at most ${MAX_DEPTH} deep`,
      });
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      const keyProblem = unstorable(k);
      if (keyProblem)
        problems.push({
          field: fieldOf([...path, k]),
          in: place,
          message: `${keyProblem} in the key`,
        });
      walk(x, [...path, k]);
    }
  };
  walk(value, []);
  return problems;
}

const WHAT: Record<FieldPlace, string> = {
  path: 'path',
  query: 'query',
  body: 'request body',
  header: 'header',
};

function refuse(what: string, problems: FieldProblem[]): never {
  throw badRequest(
    `The ${what} is invalid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    problems,
  );
}

/** A 400 naming each field of the path, query and body that holds text no route can store. */
export function refuseHostileInput(parts: Partial<Record<FieldPlace, unknown>>): void {
  for (const [place, value] of Object.entries(parts) as [FieldPlace, unknown][]) {
    const problems = inputProblems(value, place);
    if (problems.length > 0) refuse(WHAT[place], problems);
  }
}

export function parseBody<S extends z.ZodType>(
  schema: S,
  data: unknown,
  what = 'request body',
): z.output<S> {
  const place: FieldPlace = what === 'path' ? 'path' : what === 'query' ? 'query' : 'body';
  // Bodies a handler parses itself (the tracker's text, a webhook's bytes) pass here too.
  const hostile = inputProblems(data, place);
  if (hostile.length > 0) refuse(what, hostile);
  const result = schema.safeParse(data);
  if (!result.success) refuse(what, zodProblems(result.error, '', place));
  return result.data;
}
