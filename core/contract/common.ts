// Pieces every resource's contract shares: the error answer, path IDs, batch answers.
import { z } from 'zod';

/** A field at fault and how to fix it; `nodeId` names the campaign step it belongs to. */
export const Problem = z.object({
  field: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  /** Where the field is when not in the body: "path", "query" or "header". */
  in: z.enum(['path', 'query', 'body', 'header']).optional(),
  /** How many places share this problem: the lines of a receipt ("lines.*.custom.size"), or the
   * items of a batch in its summary. Absent means one. */
  count: z.number().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Every 4xx and 5xx answer (DESIGN decision 9). */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    problems: z.array(Problem).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** `{ id }` path parameters; a bad one is a 400 naming "id" and what it should be. */
export const IdParams = (what: string) => z.object({ id: z.uuid(`use ${what} ID (a UUID)`) });

export const ItemError = z.object({
  code: z.string(),
  message: z.string(),
  problems: z.array(Problem),
});
export type ItemError = z.infer<typeof ItemError>;

/** The answer to a batch: each item accepted (with its result) or rejected, by its index. */
export const BatchResult = <T extends z.ZodObject>(accepted: T) =>
  z.object({
    accepted: z.number(),
    rejected: z.number(),
    results: z.array(
      z.union([
        accepted.extend({ index: z.number(), status: z.literal('accepted') }),
        z.object({ index: z.number(), status: z.literal('rejected'), error: ItemError }),
      ]),
    ),
    /** Each field at fault once (indexes written "*": "receipts.*.custom.cashier"), with the
     * number of items it refused and the first of their messages; absent when none was. */
    problems: z.array(Problem).optional(),
  });

/** Timestamps in answers are ISO 8601 strings. */
export const Timestamp = z.string();
export type Timestamp = z.infer<typeof Timestamp>;
