// One test (an operator and its value) as SQL over an expression of a known type.
import {
  OPS_BY_TYPE,
  type AnyTest,
  type NumberTest,
  PERIOD_OPS,
  type Period,
} from '../../core/segment-rules.ts';
import { calendarRange, type Clock, localDate, type TimeSpan, timeSpan } from './dates.ts';
import type { Sql } from './sql.ts';
import { raw, sql } from './sql.ts';

/** How an expression is read: `timestamp` is a timestamptz, `date` a calendar date. */
export type ValueKind = 'text' | 'number' | 'date' | 'timestamp' | 'boolean' | 'list';

const SPAN_OPS = new Set<string>(PERIOD_OPS);

/** An instant tested against the span of a period (`timeSpan`, shared with purchase counts). */
export function spanSql(e: Sql, span: TimeSpan): Sql {
  const from = span.from && sql`${e} ${raw(span.from.inclusive ? '>=' : '>')} ${span.from.at}`;
  const until = span.until && sql`${e} ${raw(span.until.inclusive ? '<=' : '<')} ${span.until.at}`;
  if (from && until) return sql`(${from} and ${until})`;
  return from ?? until ?? raw('true');
}

function dateTest(e: Sql, kind: 'date' | 'timestamp', test: AnyTest, clock: Clock): Sql {
  if (kind === 'timestamp' && SPAN_OPS.has(test.op))
    return spanSql(e, timeSpan(clock, test as Period));
  const { today } = clock;
  const asDate = kind === 'timestamp' ? sql`(${e} at time zone ${clock.zone})::date` : e;
  /** The day after a date. */
  const dayAfter = (d: Sql) => sql`(${d} + 1)`;
  switch (test.op) {
    case 'inLast':
      return sql`(${e} between ${today} - ${test.days}::int and ${today})`;
    case 'moreThanDaysAgo':
      return sql`${e} < ${today} - ${test.days}::int`;
    case 'inNext':
      return sql`(${e} between ${today} and ${today} + ${test.days}::int)`;
    case 'calendar': {
      const [from, until] = calendarRange(clock, test.period);
      return sql`(${e} >= ${from} and ${e} < ${until})`;
    }
    case 'on': {
      const d = localDate(clock, test.date);
      return sql`(${e} >= ${d} and ${e} < ${dayAfter(d)})`;
    }
    case 'before':
      return sql`${e} < ${localDate(clock, test.date)}`;
    case 'after':
      return sql`${e} >= ${dayAfter(localDate(clock, test.date))}`;
    case 'dateBetween':
      return sql`(${e} >= ${localDate(clock, test.from)} and ${e} < ${dayAfter(localDate(clock, test.to))})`;
    case 'anniversaryInNext': {
      // This year's and next year's anniversary (29 February falls on the 28th in other years).
      const on = (years: number) =>
        sql`(${asDate} + make_interval(years => (extract(year from ${today}) + ${raw(String(years))} - extract(year from ${asDate}))::int))::date`;
      const within = (d: Sql) => sql`${d} between ${today} and ${today} + ${test.days}::int`;
      return sql`(${within(on(0))} or ${within(on(1))})`;
    }
    default:
      return presence(e, 'date', test);
  }
}

function presence(e: Sql, kind: ValueKind, test: AnyTest): Sql {
  const set =
    kind === 'text'
      ? sql`(${e} is not null and ${e} <> '')`
      : kind === 'list'
        ? sql`coalesce(cardinality(${e}) > 0, false)`
        : sql`${e} is not null`;
  if (test.op === 'isSet') return set;
  if (test.op === 'isNotSet') return sql`not ${set}`;
  throw new Error(`operator ${test.op} does not apply to a ${kind}`);
}

/**
 * A list bound as one jsonb parameter: knex spreads an array bound to "?" into a list of
 * parameters, which `= any(...)` cannot take.
 */
export const arrayOf = (values: unknown[], type: 'text' | 'numeric') =>
  sql`array(select (jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::${raw(type)})`;

/** A value matched literally inside a LIKE pattern whose escape character is "!". */
const likeEscape = (v: string) => v.replace(/[!%_]/g, (ch) => `!${ch}`);

const NUMBER_OPS = { equals: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The test as a predicate over `e`, read as `kind`; the schema has checked the pairing. */
export function testSql(e: Sql, kind: ValueKind, test: AnyTest, clock: Clock): Sql {
  if (kind === 'date' || kind === 'timestamp') return dateTest(e, kind, test, clock);
  switch (test.op) {
    case 'equals':
    case 'notEquals': {
      const value =
        kind === 'number' ? sql`${Number(test.value)}::numeric` : sql`${String(test.value)}::text`;
      return test.op === 'equals' ? sql`${e} = ${value}` : sql`${e} is distinct from ${value}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return sql`${e} ${raw(NUMBER_OPS[test.op])} ${test.value}::numeric`;
    case 'between':
      return sql`${e} between ${test.min}::numeric and ${test.max}::numeric`;
    case 'in':
    case 'notIn': {
      const list =
        kind === 'number'
          ? arrayOf(test.values.map(Number), 'numeric')
          : arrayOf(test.values.map(String), 'text');
      const hit = kind === 'list' ? sql`${e} && ${list}` : sql`${e} = any(${list})`;
      return test.op === 'in' ? hit : sql`not coalesce(${hit}, false)`;
    }
    case 'contains':
    case 'notContains': {
      // A tag is contained whole; text contains a part, whatever its case. The value is a LIKE
      // pattern with % and _ escaped (matched literally), which a trigram index can serve.
      const hit =
        kind === 'list'
          ? sql`${test.value}::text = any(${e})`
          : sql`lower(${e}) like '%' || lower(${likeEscape(test.value)}::text) || '%' escape '!'`;
      return test.op === 'contains' ? hit : sql`not coalesce(${hit}, false)`;
    }
    case 'startsWith':
      return sql`lower(${e}) like lower(${likeEscape(test.value)}::text) || '%' escape '!'`;
    case 'isTrue':
      return sql`${e} = true`;
    case 'isFalse':
      return sql`${e} = false`;
    default:
      return presence(e, kind, test);
  }
}

/** Whether a number test holds for a value in JS: what a customer with no rows has (0 or none). */
export function numberHolds(test: NumberTest, v: number | null): boolean {
  if (test.op === 'isSet') return v !== null;
  if (test.op === 'isNotSet') return v === null;
  if (v === null) return false;
  switch (test.op) {
    case 'equals':
      return v === test.value;
    case 'notEquals':
      return v !== test.value;
    case 'gt':
      return v > test.value;
    case 'gte':
      return v >= test.value;
    case 'lt':
      return v < test.value;
    case 'lte':
      return v <= test.value;
    case 'between':
      return v >= test.min && v <= test.max;
    case 'in':
      return test.values.includes(v);
    case 'notIn':
      return !test.values.includes(v);
  }
}

/** How a value of unknown type (a custom field, an event property) is read for an operator. */
export function kindForOp(op: AnyTest['op'], declared?: ValueKind): ValueKind {
  if (declared) return declared;
  if (['gt', 'gte', 'lt', 'lte', 'between'].includes(op)) return 'number';
  if (['isTrue', 'isFalse'].includes(op)) return 'boolean';
  if ([...PERIOD_OPS, 'anniversaryInNext'].includes(op)) return 'timestamp';
  return 'text';
}

/** A jsonb value read as `kind`; text that is no valid number or date reads as null, never an error. */
export function jsonAs(json: Sql, kind: ValueKind): Sql {
  const text = sql`(${json} #>> '{}')`;
  switch (kind) {
    case 'number':
      return sql`(case when jsonb_typeof(${json}) = 'number' then (${text})::numeric when pg_input_is_valid(${text}, 'numeric') then (${text})::numeric end)`;
    case 'boolean':
      return sql`(case when jsonb_typeof(${json}) = 'boolean' then (${text})::boolean when ${text} in ('true', 'false') then (${text})::boolean end)`;
    case 'date':
      return sql`(case when pg_input_is_valid(left(${text}, 10), 'date') then left(${text}, 10)::date end)`;
    case 'timestamp':
      return sql`(case when pg_input_is_valid(${text}, 'timestamptz') then (${text})::timestamptz end)`;
    default:
      return text;
  }
}

/**
 * A count or sum that is 0 for a customer without a metrics or points row, read bare when the
 * test fails for 0 anyway ("at least 1 order"): the test is then null, not true, without the
 * row, which lets Postgres join the metrics to the customers who pass instead of to everyone.
 */
export function orNone(column: string, test: AnyTest): string {
  const bare = /^coalesce\((\w+\.\w+), 0\)$/.exec(column)?.[1];
  if (!bare || !COMPARISONS.has(test.op)) return column;
  return numberHolds(test as NumberTest, 0) ? column : bare;
}
/** The number tests that compare with a value (all but presence). */
const COMPARISONS = new Set<string>(
  OPS_BY_TYPE.number.filter((op) => op !== 'isSet' && op !== 'isNotSet'),
);

const PATH_COMPARE = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * A comparison of the number at `path` in a JSON document, when the test is one (greater, less,
 * between; else undefined): as `testSql(jsonAs(...), 'number', ...)` reads it (a JSON number,
 * or a string holding one; anything else, or nothing there, is null), in one jsonpath call.
 * Counting a million events, the CASE that `jsonAs` builds cost twice what this does. The path
 * and the values are bound (a key is a quoted jsonpath string), never spliced.
 */
export function jsonNumberTest(doc: Sql, path: string[], test: AnyTest): Sql | undefined {
  // Strict: a missing key, an array or an object is an error (silenced: null), never unwrapped.
  const at = `$${path.map((k) => `.${JSON.stringify(k)}`).join('')}.number()`;
  const match = (expr: string, vars: object) =>
    sql`jsonb_path_match(${doc}, ${`strict ${expr}`}::jsonpath, ${JSON.stringify(vars)}::jsonb, true)`;
  if (test.op === 'between')
    return match(`${at} >= $min && ${at} <= $max`, { min: test.min, max: test.max });
  if (test.op in PATH_COMPARE)
    return match(`${at} ${PATH_COMPARE[test.op as keyof typeof PATH_COMPARE]} $v`, {
      v: (test as { value: number }).value,
    });
  return undefined;
}
