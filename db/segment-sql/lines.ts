// The rows a receipt-lines condition counts: purchase lines in a period matching the filters.
// Each line carries its receipt's customer, time and kind (migration 0266), so only a store
// filter joins the receipts.
//
// A name test that no line without a name passes ("contains toothpaste", "equals", "in",
// "starts with") is answered through receipt_lines_purchases_name (name, time → customer,
// receipt): the distinct names are found by walking that index (one descent per name, a
// "loose index scan": thousands of names, not millions of lines), the test runs on each, and
// the lines of the names that pass are read by an index-only range scan per name and period.
// The test is the same SQL as on the lines themselves, so the answer is the same.
import type { ReceiptLinesCondition } from '../../core/segment-rules.ts';
import type { Clock } from './dates.ts';
import { raw, type Sql, sql, where } from './sql.ts';
import { testSql } from './tests.ts';

/** Name tests that fail for a line without a name: only those may skip such lines. */
const NAMED_OPS = new Set(['equals', 'in', 'contains', 'startsWith', 'isSet']);

/** The distinct purchase-line names passing `test` (walking receipt_lines_purchases_name). */
function namesPassing(test: Sql): Sql {
  const next = (after: string) => `(select x.name from receipt_lines x
      where x.kind = 'purchase' and ${after} order by x.name limit 1)`;
  return sql`array(with recursive names (name) as (
      ${raw(next('x.name is not null'))}
      union all
      select ${raw(next('x.name > names.name'))} from names where names.name is not null)
    select names.name from names where names.name is not null and ${test})`;
}

/** The name test over `l.name`, through the list of distinct names when it may. */
function nameSql(clock: Clock, test: NonNullable<ReceiptLinesCondition['name']>): Sql {
  if (!NAMED_OPS.has(test.op)) return testSql(raw('l.name'), 'text', test, clock);
  return sql`l.name = any(${namesPassing(testSql(raw('names.name'), 'text', test, clock))})`;
}

/**
 * `receipt_lines l` (joined to `receipts r` for a store test) where the line is a purchase's,
 * in the period (`during`, over `l.occurred_at`), passes the name test and `filters` (the
 * conditions on the line's own columns).
 */
export function linesFrom(
  clock: Clock,
  c: ReceiptLinesCondition,
  during: Sql[],
  filters: Sql[],
): Sql {
  const store = c.store ? [testSql(raw('r.store'), 'text', c.store, clock)] : [];
  const table = c.store
    ? 'receipt_lines l join receipts r on r.id = l.receipt_id'
    : 'receipt_lines l';
  return where(table, [
    raw(`l.kind = 'purchase'`),
    ...during,
    ...(c.name ? [nameSql(clock, c.name)] : []),
    ...filters,
    ...store,
  ]);
}
