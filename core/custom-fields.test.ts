import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCustomValues } from './custom-fields.ts';

const field = (key: string, type: string, extra: object = {}) =>
  ({ key, type, options: null, required: false, ...extra }) as Parameters<
    typeof checkCustomValues
  >[0][number];

test('coerces what CSV files send as text, and names what it cannot read', () => {
  const fields = [
    field('n', 'number'),
    field('b', 'boolean'),
    field('d', 'date'),
    field('t', 'time', { type: 'date' }),
    field('l', 'list', { options: ['a', 'b'] }),
  ];
  const ok = checkCustomValues(
    fields,
    { n: '4.5', b: 'false', d: '2026-02-28', t: '2026-02-28T10:00:00+02:00', l: 'a', x: 1 },
    '',
    false,
  );
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.values, {
    n: 4.5,
    b: false,
    d: '2026-02-28',
    t: '2026-02-28T08:00:00.000Z',
    l: ['a'],
    x: 1,
  });
  const bad = checkCustomValues(
    fields,
    { n: '', b: 'yes', d: '28.02.2026', t: '2026-13-45', l: ['a', 'c'] },
    'customer.',
    false,
  );
  assert.deepEqual(
    bad.problems.map((p) => p.field),
    [
      'customer.custom.n',
      'customer.custom.b',
      'customer.custom.d',
      'customer.custom.t',
      'customer.custom.l',
    ],
  );
  assert.match(bad.problems[4]!.message, /"c" is not an option/);
});

test('required fields only when creating; null clears', () => {
  const fields = [field('r', 'text', { required: true })];
  assert.equal(checkCustomValues(fields, {}, '', true).problems[0]?.field, 'custom.r');
  assert.deepEqual(checkCustomValues(fields, {}, '', false).problems, []);
  assert.deepEqual(checkCustomValues(fields, { r: null }, '', false).values, { r: null });
});
