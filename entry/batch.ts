// The one batch loop: events, receipts and webhook deliveries alike. Each item is validated and
// ingested on its own: a bad one is reported by its index (fields prefixed "<name>.<index>.")
// and never stops the good ones. Items of one customer run in the order sent; customers run 8
// at a time. The whole batch shares one pipeline, so it reads the active campaigns once.
import pMap from 'p-map';
import type { z } from 'zod';
import { type FieldProblem, HeraldError, zodProblems } from '../core/errors.ts';
import type { EntryDeps } from './deps.ts';
import { openPipeline, type Pipeline } from './pipeline.ts';

type Rejected = {
  index: number;
  status: 'rejected';
  error: { code: string; message: string; problems: unknown[] };
};

export interface BatchOptions<S extends z.ZodType, R extends object> {
  /** Names the items in field paths: "events" gives "events.3.type". */
  name: string;
  schema: S;
  ingest: (pipeline: Pipeline, item: z.output<S>, prefix: string) => Promise<R>;
  /** The status when every item was accepted (events are accepted for processing: 202). */
  okStatus?: number;
  /** Items of one key run in the order sent; by default, the items naming one customer. */
  key?: (item: z.output<S>) => string;
}

/** Items of one customer share a key: by external ID when given, else by Herald ID. */
const customerKey = (item: { externalId?: string; customerId?: string }) =>
  item.externalId !== undefined ? `x:${item.externalId}` : `id:${item.customerId}`;

export async function runBatch<S extends z.ZodType, R extends object>(
  deps: EntryDeps,
  items: unknown[],
  {
    name,
    schema,
    ingest,
    okStatus = 200,
    key = customerKey as (item: z.output<S>) => string,
  }: BatchOptions<S, R>,
): Promise<{ status: number; body: object }> {
  const pipeline = openPipeline(deps);
  const results = new Array<({ index: number; status: 'accepted' } & R) | Rejected>(items.length);
  const groups = new Map<string, { index: number; item: z.output<S> }[]>();
  items.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const problems = zodProblems(parsed.error, `${name}.${index}`);
      results[index] = {
        index,
        status: 'rejected',
        error: { code: 'bad_request', message: `invalid item of ${name}`, problems },
      };
      return;
    }
    const group = groups.get(key(parsed.data)) ?? [];
    group.push({ index, item: parsed.data });
    groups.set(key(parsed.data), group);
  });
  await pMap(
    [...groups.values()],
    async (group) => {
      for (const { index, item } of group) {
        const prefix = `${name}.${index}.`;
        try {
          results[index] = {
            index,
            status: 'accepted',
            ...(await ingest(pipeline, item, prefix)),
          };
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
  const status = accepted === results.length ? okStatus : accepted === 0 ? 400 : 207;
  const problems = summarise(name, results);
  return {
    status,
    body: {
      accepted,
      rejected: results.length - accepted,
      results,
      ...(problems.length > 0 && { problems }),
    },
  };
}

/**
 * The rejected items' problems once per field, counted in items: a thousand receipts refused
 * for one missing field read as one line, not a thousand (each item keeps its own error).
 */
function summarise(name: string, results: ({ status: string } | Rejected)[]): FieldProblem[] {
  const byField = new Map<string, FieldProblem & { count: number }>();
  for (const r of results) {
    if (r.status !== 'rejected') continue;
    const { index, error } = r as Rejected;
    const fields = new Set<string>();
    for (const p of error.problems as FieldProblem[]) {
      const item = `${name}.${index}`;
      const field =
        p.field === item || p.field.startsWith(`${item}.`)
          ? `${name}.*${p.field.slice(item.length)}`
          : p.field;
      if (fields.has(field)) continue;
      fields.add(field);
      const seen = byField.get(field);
      if (seen) seen.count++;
      else byField.set(field, { ...p, field, count: 1 });
    }
  }
  return [...byField.values()];
}
