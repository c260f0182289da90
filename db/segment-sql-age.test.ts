// Age compared with a number is compiled as a range of birth dates (db/segment-sql/dates.ts,
// ageRange): the same customers as extract(year from age()) for every operator, around leap
// days, on "today"s that are 28 and 29 February and 1 March.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseSegmentRules } from '../core/segment-rules.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { segmentQuery } from './segment-sql.ts';

let h: Harness;

before(async () => {
  h = await createHarness();
  // Birth dates around the end of February, from 4 years before the "today"s below to after.
  await h.db.raw(`insert into customers (external_id, birth_date)
    select 'b' || d::date, d::date
    from generate_series('2019-02-20'::date, '2024-03-05'::date, interval '1 day') d
    where extract(month from d) in (2, 3) and extract(day from d) not between 6 and 19`);
});
after(() => h.close());

const TODAYS = ['2024-02-28', '2024-02-29', '2024-03-01', '2023-02-28', '2023-03-01'];
const TESTS: object[] = [
  { op: 'gte', value: 1 },
  { op: 'gt', value: 1 },
  { op: 'gt', value: 2.5 },
  { op: 'lt', value: 3 },
  { op: 'lte', value: 1.5 },
  { op: 'lte', value: 2 },
  { op: 'between', min: 1, max: 3 },
  { op: 'between', min: 1.2, max: 2.8 },
  { op: 'equals', value: 2 },
  { op: 'gte', value: 0 },
];
const OPS = { gte: '>=', gt: '>', lt: '<', lte: '<=', equals: '=' } as Record<string, string>;

test('age as a range of birth dates selects whom age() does', async () => {
  let compared = 0;
  for (const today of TODAYS)
    for (const t of TESTS as { op: string; value?: number; min?: number; max?: number }[]) {
      const parsed = parseSegmentRules({
        kind: 'group',
        match: 'all',
        children: [{ kind: 'attribute', field: 'age', test: t }],
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const now = new Date(`${today}T12:00:00Z`);
      const { rows } = await segmentQuery(h.db, parsed.rules, { timeZone: 'UTC', now });
      const age = `extract(year from age(?::date, birth_date))`;
      const expected = await h
        .db('customers')
        .whereRaw(
          t.op === 'between' ? `${age} between ? and ?` : `${age} ${OPS[t.op]} ?`,
          t.op === 'between' ? [today, t.min!, t.max!] : [today, t.value!],
        )
        .pluck('id');
      const got = (rows as { id: string }[]).map((r) => r.id).sort();
      assert.deepEqual(got, expected.sort(), `${today} ${JSON.stringify(t)}`);
      compared += got.length;
    }
  assert.ok(compared > 1000, `the tests select customers (${compared})`);
});
