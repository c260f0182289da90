// The draft checks the canvas shows in place and publishing enforces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DraftGraph, draftProblems } from './graph-problems.ts';

const draft = (nodes: DraftGraph['nodes'], edges: DraftGraph['edges'] = []): DraftGraph => ({
  nodes,
  edges,
});

test('a finished graph has no problems', () => {
  assert.deepEqual(
    draftProblems(
      draft(
        [
          { id: 't', kind: 'trigger', eventType: 'cart_updated' },
          { id: 'x', kind: 'exit' },
        ],
        [{ from: 't', to: 'x', exit: 'next' }],
      ),
    ),
    [],
  );
});

test('field problems name their node and field; structural ones are reported alongside', () => {
  const problems = draftProblems(
    draft(
      [
        { id: 't', kind: 'trigger', eventType: '' },
        {
          id: 'w',
          kind: 'waitForEvent',
          eventType: 'purchase',
          filters: [],
          timeout: { amount: 0, unit: 'days' },
        },
        { id: 'x', kind: 'exit' },
      ],
      [
        { from: 't', to: 'w', exit: 'next' },
        { from: 'w', to: 'x', exit: 'event' },
      ],
    ),
  );
  assert.deepEqual(problems, [
    {
      nodeId: 't',
      field: 'eventType',
      message: 'name the event type, e.g. "purchase"',
    },
    { nodeId: 'w', field: 'timeout.amount', message: 'a delay must be longer than zero' },
    { nodeId: 'w', message: 'connect the "timeout" exit' },
  ]);
});

test('an unknown kind and an empty canvas are explained', () => {
  // A node of no known kind cannot be walked, so only its kind is reported.
  assert.deepEqual(draftProblems(draft([{ id: 'q', kind: 'teleport' }])), [
    { nodeId: 'q', field: 'kind', message: '"teleport" is not a node kind' },
  ]);
  assert.deepEqual(draftProblems(draft([])), [
    { message: 'add a trigger node: a campaign needs an entry' },
  ]);
});
