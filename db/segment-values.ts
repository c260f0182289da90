// The values the segment builder offers per field (GET /v1/segment-values). Data values are read
// from at most SAMPLE_ROWS rows of their table, so that a picker answers at once over 30 million
// receipt lines (a rare value may be missing: the marketer can still type it). Named things
// (campaigns, mailings, messaging types) are read whole. The search text is matched literally
// (strpos, not LIKE: no wildcard in it means anything).
import type { SegmentValue, SegmentValuesQuery } from '../core/contract/segment-values.ts';
import type { Db } from './connection.ts';

const SAMPLE_ROWS = 100_000;

/** Distinct values of a text column: [table, expression]. */
const DATA_COLUMNS = {
  city: ['customers', 'city'],
  gender: ['customers', 'gender'],
  source: ['customers', 'source'],
  locale: ['customers', 'locale'],
  tag: ['customers', 'unnest(tags)'],
  rfmSegment: ['customer_metrics', 'rfm_segment'],
  store: ['receipts', 'store'],
  receiptSource: ['receipts', 'source'],
  category: ['receipt_lines', 'category'],
  product: ['receipt_lines', 'name'],
  productId: ['receipt_lines', 'product_id'],
} as const;

/** Named things: [table, id column, label column]. */
const NAMED = {
  campaign: ['campaigns', 'id', 'name'],
  mailing: ['mailings', 'id', 'name'],
  messagingType: ['messaging_types', 'key', 'name'],
} as const;

export async function segmentValues(
  db: Db,
  { field, q, limit }: SegmentValuesQuery,
): Promise<{ values: SegmentValue[]; sampled: boolean }> {
  if (field in NAMED) {
    const [table, id, label] = NAMED[field as keyof typeof NAMED];
    const rows = await db.raw<{ rows: { value: string; label: string }[] }>(
      `select ${id}::text as value, ${label} as label from ${table}
       where strpos(lower(${label}), lower(?)) > 0 or ${id}::text = ?
       order by ${label} limit ?`,
      [q, q, limit],
    );
    return { values: rows.rows, sampled: false };
  }
  const [table, column] = DATA_COLUMNS[field as keyof typeof DATA_COLUMNS];
  // The sample is the first rows of the table (a sequential read stops there), counted per value.
  const rows = await db.raw<{ rows: { value: string; n: number }[] }>(
    `select v as value, count(*)::int as n
     from (select ${column} as v from (select * from ${table} limit ?) t) s
     where v is not null and v <> '' and strpos(lower(v), lower(?)) > 0
     group by v order by n desc, v limit ?`,
    [SAMPLE_ROWS, q, limit],
  );
  const total = await db.raw<{ rows: { n: number }[] }>(
    `select reltuples::bigint as n from pg_class where relname = ?`,
    [table],
  );
  return {
    values: rows.rows.map((r) => ({ value: r.value, label: r.value })),
    sampled: Number(total.rows[0]?.n ?? 0) > SAMPLE_ROWS,
  };
}
