// A batch of independent items, each validated and ingested on its own: a bad one is reported
// by its index (fields prefixed "<name>.<index>.") and never stops the good ones. Items of one
// customer run in the order sent; customers run 8 at a time.
import pMap from 'p-map';
import type { z } from 'zod';
import { HeraldError } from '../core/errors.ts';
import { zodProblems } from './validate.ts';

type Rejected = {
  index: number;
  status: 'rejected';
  error: { code: string; message: string; problems: unknown[] };
};

export async function runBatch<S extends z.ZodType, R extends object>(
  name: string,
  items: unknown[],
  schema: S,
  customerKey: (item: z.output<S>) => string,
  ingest: (item: z.output<S>, prefix: string) => Promise<R>,
): Promise<{ status: number; body: object }> {
  const results = new Array<({ index: number; status: 'accepted' } & R) | Rejected>(items.length);
  const groups = new Map<string, { index: number; item: z.output<S> }[]>();
  items.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const problems = zodProblems(parsed.error, `${name}.${index}`);
      results[index] = {
        index,
        status: 'rejected',
        error: { code: 'bad_request', message: `invalid ${name} item`, problems },
      };
      return;
    }
    const key = customerKey(parsed.data);
    groups.set(key, [...(groups.get(key) ?? []), { index, item: parsed.data }]);
  });
  await pMap(
    [...groups.values()],
    async (group) => {
      for (const { index, item } of group) {
        const prefix = `${name}.${index}.`;
        try {
          results[index] = { index, status: 'accepted', ...(await ingest(item, prefix)) };
        } catch (err) {
          if (!(err instanceof HeraldError)) throw err;
          const problems = err.problems.map((p) =>
            p.field.startsWith(prefix) ? p : { ...p, field: `${prefix}${p.field}` },
          );
          results[index] = {
            index,
            status: 'rejected',
            error: { code: err.code, message: err.message, problems },
          };
        }
      }
    },
    { concurrency: 8 },
  );
  const accepted = results.filter((r) => r.status === 'accepted').length;
  const status = accepted === results.length ? 200 : accepted === 0 ? 400 : 207;
  return { status, body: { accepted, rejected: results.length - accepted, results } };
}
