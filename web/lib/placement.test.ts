// Where a clicked palette item lands: never on a step already there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { below, type Box, CARD, freeSpot } from './placement.ts';

const card = (x: number, y: number): Box => ({ x, y, ...CARD });
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('five steps added in a row each land on a free spot inside the view', () => {
  const view = { x: 0, y: 0, width: 900, height: 600 };
  const cards: Box[] = [];
  for (let i = 0; i < 5; i++) cards.push({ ...freeSpot(cards, { x: 40, y: 40 }, view), ...CARD });
  for (const [i, a] of cards.entries()) {
    assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= 900 && a.y + a.height <= 600);
    for (const b of cards.slice(i + 1)) assert.ok(!overlap(a, b), `${i} overlaps another step`);
  }
});

test('the step under a selected one goes below it, or further down when that is taken', () => {
  const selected = card(100, 100);
  const spot = below(selected);
  assert.ok(spot.y > selected.y + selected.height, 'below the selected step');
  assert.equal(spot.x, 100);
  const taken = [selected, { ...spot, ...CARD }];
  const next = freeSpot(taken, spot);
  assert.ok(!taken.some((c) => overlap(c, { ...next, ...CARD })));
});

test('a full view puts the step under every other one', () => {
  const view = { x: 0, y: 0, width: 300, height: 200 };
  const spot = freeSpot([card(0, 0)], { x: 0, y: 0 }, view);
  assert.ok(spot.y >= CARD.height);
});
