// Arrow keys between steps: down follows an exit, up goes back, left and right go across.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neighbour } from './step-navigation.ts';

const cards = [
  { id: 'trigger', position: { x: 0, y: 0 } },
  { id: 'bought', position: { x: 0, y: 150 } },
  { id: 'thanks', position: { x: -150, y: 300 } },
  { id: 'remind', position: { x: 150, y: 300 } },
];
const links = [
  { source: 'trigger', target: 'bought' },
  { source: 'bought', target: 'remind' },
  { source: 'bought', target: 'thanks' },
];

test('arrow keys walk the journey', () => {
  assert.equal(neighbour(cards, links, 'trigger', 'down'), 'bought');
  assert.equal(neighbour(cards, links, 'bought', 'down'), 'thanks', 'the leftmost exit first');
  assert.equal(neighbour(cards, links, 'thanks', 'right'), 'remind');
  assert.equal(neighbour(cards, links, 'remind', 'left'), 'thanks');
  assert.equal(neighbour(cards, links, 'remind', 'up'), 'bought');
  assert.equal(neighbour(cards, links, 'trigger', 'up'), undefined);
  assert.equal(neighbour(cards, links, '', 'down'), 'trigger', 'nothing selected: the first step');
});
