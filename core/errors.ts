// Expected errors (DESIGN decision 9): typed, carrying the HTTP status the api answers with
// and, for bad input, the fields at fault and how to fix them.
import type { z } from 'zod';

/** Where a field is: the path (`/v1/campaigns/{id}`), the query string, the body or a header. */
export type FieldPlace = 'path' | 'query' | 'body' | 'header';

export interface FieldProblem {
  /** Dotted path into the request part, e.g. "events.3.type". */
  field: string;
  message: string;
  /** The part of the request the field is in; absent means the body. */
  in?: FieldPlace;
  /** How many places share this problem (lines of a receipt, items of a batch). */
  count?: number;
}

export class HeraldError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'HeraldError';
  }
}

export const badRequest = (message: string, problems: FieldProblem[] = []) =>
  new HeraldError(400, 'bad_request', message, problems);
export const notFound = (what: string) => new HeraldError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new HeraldError(409, 'conflict', message);
export const unauthorized = (message: string) => new HeraldError(401, 'unauthorized', message);

/** A zod failure as the fields at fault, each path prefixed (e.g. "events.3") in a batch. */
export function zodProblems(
  error: z.ZodError,
  prefix = '',
  place: FieldPlace = 'body',
): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return {
      field: path || `(${place})`,
      message: issue.message,
      ...(place !== 'body' && { in: place }),
    };
  });
}
