import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { drawSplit } from './split.ts';

/** Customer IDs shaped like real ones, but the same on every run, so the test cannot flake. */
const customerId = (i: number) => {
  const h = createHash('sha1').update(String(i)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const node = {
  id: 'ab',
  kind: 'split' as const,
  variants: [
    { name: 'A', weight: 45 },
    { name: 'B', weight: 45 },
  ],
  controlWeight: 10,
};

test('over 10,000 customers the shares follow the weights within 1.5 points', () => {
  const counts: Record<string, number> = { A: 0, B: 0, control: 0 };
  const n = 10_000;
  for (let i = 0; i < n; i++) counts[drawSplit(node, `campaign-1:ab:${customerId(i)}`)]! += 1;
  assert.ok(Math.abs(counts.A! / n - 0.45) < 0.015, JSON.stringify(counts));
  assert.ok(Math.abs(counts.B! / n - 0.45) < 0.015, JSON.stringify(counts));
  assert.ok(Math.abs(counts.control! / n - 0.1) < 0.015, JSON.stringify(counts));
});

test('sequential customer keys spread as evenly as random ones', () => {
  const counts: Record<string, number> = { A: 0, B: 0, control: 0 };
  for (let i = 0; i < 10_000; i++) counts[drawSplit(node, `campaign-1:ab:customer-${i}`)]! += 1;
  assert.ok(Math.abs(counts.control! / 10_000 - 0.1) < 0.015, JSON.stringify(counts));
});

test('a customer always draws the same variant of the same split', () => {
  const key = `campaign-1:ab:${customerId(42)}`;
  const first = drawSplit(node, key);
  for (let i = 0; i < 20; i++) assert.equal(drawSplit(node, key), first);
});

test('without a control group everyone gets a variant', () => {
  const noControl = { ...node, controlWeight: 0 };
  for (let i = 0; i < 1000; i++) assert.notEqual(drawSplit(noControl, `k${i}`), 'control');
});
