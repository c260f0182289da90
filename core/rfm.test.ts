import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysSince, quintile, rfmSegment, RfmSegment } from './rfm.ts';

test('the segment map covers every cell with the eleven segments; lapsed is outside it', () => {
  const seen = new Set<string>();
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) seen.add(rfmSegment(r, f));
  assert.deepEqual([...seen].sort(), RfmSegment.options.filter((s) => s !== 'lapsed').sort());
});

test('quintiles by position: a fifth each, the best a 5 however few', () => {
  const sizes = (n: number) => {
    const c = [0, 0, 0, 0, 0];
    for (let p = 1; p <= n; p++) c[quintile(p, n) - 1]!++;
    return c;
  };
  assert.deepEqual(sizes(2000), [400, 400, 400, 400, 400]);
  assert.deepEqual(sizes(7), [1, 1, 2, 1, 2]);
  assert.deepEqual(sizes(5), [1, 1, 1, 1, 1]);
  assert.equal(quintile(1, 1), 5);
  assert.equal(quintile(2, 2), 3);
});

test('corners and a few well-known cells', () => {
  assert.equal(rfmSegment(5, 5), 'champions');
  assert.equal(rfmSegment(5, 1), 'new');
  assert.equal(rfmSegment(4, 1), 'promising');
  assert.equal(rfmSegment(1, 5), 'cannot_lose');
  assert.equal(rfmSegment(2, 3), 'at_risk');
  assert.equal(rfmSegment(3, 3), 'need_attention');
  assert.equal(rfmSegment(1, 1), 'lost');
  assert.throws(() => rfmSegment(0, 3), /from 1 to 5/);
});

test('days since counts whole days', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  assert.equal(daysSince(new Date('2026-11-23T10:00:01Z'), now), 0);
  assert.equal(daysSince(new Date('2026-11-14T10:00:00Z'), now), 10);
  assert.equal(daysSince(null, now), null);
});
