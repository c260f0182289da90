// A number comparison of an event property runs as one jsonpath call (jsonNumberTest), faster
// than the CASE of jsonAs; it must read every JSON value as that CASE does: a number, a string
// holding one, and null for anything else (text, booleans, arrays, objects, nothing there), for
// top-level and nested properties and keys that need quoting. One difference, on purpose: the
// strings "NaN" and "Infinity" are no amount (jsonAs reads them as numbers above any other).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AnyTest } from '../core/segment-rules.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { clockOf } from './segment-sql/dates.ts';
import { arrayOf, jsonAs, jsonNumberTest, testSql } from './segment-sql/tests.ts';
import { sql } from './segment-sql/sql.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const VALUES: unknown[] = [
  150,
  150.5,
  -3,
  0,
  1e20,
  '151',
  ' 12.5 ',
  '1e3',
  'abc',
  '',
  true,
  null,
  [200],
  { v: 200 },
];
const KEYS = [['amount'], ['order', 'total'], ['we"ird\\ key', 'x.y']];
const TESTS: AnyTest[] = [
  { op: 'gt', value: 150 },
  { op: 'gte', value: 150 },
  { op: 'lt', value: 12.5 },
  { op: 'lte', value: 0 },
  { op: 'between', min: -3, max: 151 },
];

/** A document holding `value` at `path` (or, for undefined, holding nothing there). */
const docAt = (path: string[], value: unknown) =>
  path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);

test('a jsonpath number comparison reads a property as jsonAs does', async () => {
  const clock = clockOf(new Date(), 'UTC');
  let compared = 0;
  for (const path of KEYS)
    for (const value of [...VALUES, undefined])
      for (const t of TESTS) {
        const doc = sql`${JSON.stringify(value === undefined ? {} : docAt(path, value))}::jsonb`;
        const fast = jsonNumberTest(doc, path, t)!;
        const slow = testSql(
          jsonAs(sql`${doc} #> ${arrayOf(path, 'text')}`, 'number'),
          'number',
          t,
          clock,
        );
        const { rows } = await h.db.raw<{ rows: { fast: boolean | null; slow: boolean | null }[] }>(
          `select coalesce(${fast.text}, false) as fast, coalesce(${slow.text}, false) as slow`,
          [...fast.values, ...slow.values] as never[],
        );
        assert.equal(
          rows[0]!.fast,
          rows[0]!.slow,
          `${JSON.stringify(value)} at ${path.join('.')} ${t.op}`,
        );
        compared += 1;
      }
  assert.equal(compared, KEYS.length * (VALUES.length + 1) * TESTS.length);
});

test('"NaN" and "Infinity" are no number to compare', async () => {
  for (const value of ['NaN', 'Infinity', '-Infinity']) {
    const fast = jsonNumberTest(sql`${JSON.stringify({ a: value })}::jsonb`, ['a'], {
      op: 'between',
      min: -1e9,
      max: 1e9,
    })!;
    const { rows } = await h.db.raw<{ rows: { hit: boolean | null }[] }>(
      `select ${fast.text} as hit`,
      fast.values as never[],
    );
    assert.equal(rows[0]!.hit, null, value);
  }
});
