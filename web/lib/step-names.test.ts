// A card names the segments and audiences its step uses, not their IDs: every summary that
// holds one reads as the name the campaign page supplies (NamesContext, lib/use-names.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphNode } from '../../core/graph.ts';
import { summarizeNode, withNames } from './graph-to-flow.ts';

const VIP = '0f8f2a52-3c1e-4c53-9f3e-6b1d2c3a4b5c';
const LAPTOP = '7d1e9b40-5a2f-4e8c-8b6d-1c2d3e4f5a6b';
const names = new Map([
  [VIP, 'segment “VIP”'],
  [LAPTOP, 'audience “Laptop 2019”'],
  ['tpl-1', 'Cart reminder'],
]);
const card = (node: object) => withNames(summarizeNode(node as GraphNode), names);

test('conditions and branches name the segment or audience they test', () => {
  assert.equal(
    card({ id: 'c', kind: 'condition', rule: { kind: 'segment', segmentId: VIP, member: true } }),
    'if in segment “VIP”',
  );
  assert.equal(
    card({
      id: 'c',
      kind: 'condition',
      rule: { kind: 'segment', segmentId: LAPTOP, member: false },
    }),
    'if not in audience “Laptop 2019”',
  );
  // Not picked yet: the card says a segment is missing rather than showing nothing.
  assert.equal(
    card({ id: 'c', kind: 'condition', rule: { kind: 'segment', segmentId: '', member: true } }),
    'if in segment ?',
  );
});

test('scheduled and date triggers name the segment they enter', () => {
  assert.equal(
    card({
      id: 's',
      kind: 'scheduleTrigger',
      segmentId: VIP,
      every: { frequency: 'weekly', time: '09:00', days: [1] },
    }),
    'every week at 09:00 for segment “VIP”',
  );
  assert.equal(
    card({ id: 's', kind: 'scheduleTrigger', at: '2030-03-14T09:00:00.000Z', segmentId: VIP }),
    'start at 2030-03-14 09:00 UTC for segment “VIP”',
  );
  assert.equal(
    card({
      id: 'd',
      kind: 'dateTrigger',
      attribute: 'birthDate',
      offsetDays: 0,
      time: '10:00',
      yearly: true,
      segmentId: LAPTOP,
    }),
    'on birthDate at 10:00 in audience “Laptop 2019”',
  );
});

test('a segment entry trigger filtered to one segment names it', () => {
  assert.equal(
    card({
      id: 't',
      kind: 'trigger',
      eventType: 'segment_entered',
      filters: [{ property: 'segmentId', operator: 'equals', value: VIP }],
    }),
    'when segment_entered of segment “VIP” happens',
  );
  assert.equal(card({ id: 't', kind: 'trigger', eventType: 'purchase' }), 'when purchase happens');
});

test('an ID no name is known for stays as it is', () => {
  assert.equal(withNames('in 1234?', names), 'in 1234?');
});
