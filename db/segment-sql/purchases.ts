// Purchases counted, summed or averaged in a period, read from `customer_purchases` (migration
// 0260): one row a customer holding the times of their purchases in order and the running sum
// of their totals. A count in a period is two binary searches of the times (`width_bucket` on a
// sorted array answers how many are at or before an instant), a sum the difference of two
// running sums, so "3 purchases in the last year" reads a million short rows instead of millions
// of receipts, and is exact for any period: the ends are compared with the times themselves.
import type { NumberTest, Period } from '../../core/segment-rules.ts';
import { type Clock, type TimeEnd, timeSpan } from './dates.ts';
import { nullFree, raw, type Sql, sql } from './sql.ts';
import { numberHolds, testSql } from './tests.ts';

/** How many purchase times are before `end` (`atOrBefore`: or at it). */
function before(end: Sql, atOrBefore: boolean): Sql {
  // Times are whole microseconds: "before t" is "at or before t minus one microsecond".
  const at = atOrBefore ? end : sql`${end} - interval '1 microsecond'`;
  return sql`width_bucket(${at}, p.at)`;
}

/** Purchases up to the end of the span, and before its start. */
function bounds(clock: Clock, period: Period): [Sql, Sql] {
  const { from, until } = timeSpan(clock, period);
  const upTo = (u: TimeEnd) => before(u.at, u.inclusive);
  const below = (f: TimeEnd) => before(f.at, !f.inclusive);
  return [until ? upTo(until) : raw('cardinality(p.at)'), from ? below(from) : raw('0')];
}

/**
 * Customers whose purchases in `period` pass `test` on their count, sum or average. A customer
 * with none passes when the test holds for 0 (count, sum) or for no value (average).
 */
export function purchasesSql(
  clock: Clock,
  measure: 'count' | 'sum' | 'average',
  period: Period,
  test: NumberTest,
): Sql {
  const [upTo, below] = bounds(clock, period);
  const count = sql`(${upTo} - ${below})`;
  // spent[k + 1] is the cents spent in the first k purchases.
  const sum = sql`((p.spent[${upTo} + 1] - p.spent[${below} + 1])::numeric / 100)`;
  const value = {
    count,
    sum,
    average: sql`(${sum} / nullif(${count}, 0))`,
  }[measure];
  const passes = sql`coalesce(${testSql(value, 'number', test, clock)}, false)`;
  if (!numberHolds(test, measure === 'average' ? null : 0))
    return nullFree(sql`c.id in (select p.customer_id from customer_purchases p where ${passes})`);
  return nullFree(
    sql`not exists (select 1 from customer_purchases p where p.customer_id = c.id and not ${passes})`,
  );
}
