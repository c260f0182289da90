// The side panel writes form values by path; these are the rules it relies on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getPath, parseScalar, setPath } from './fields.ts';
import { pruneSettings } from './settings-fields.ts';

test('setPath copies along the path, creates what is missing, and removes on undefined', () => {
  const node = { id: 'w', timeout: { amount: 1, unit: 'days' }, filters: [{ property: 'a' }] };
  const longer = setPath(node, 'timeout.amount', 3);
  assert.deepEqual(longer.timeout, { amount: 3, unit: 'days' });
  assert.equal(node.timeout.amount, 1, 'the original is not changed');
  assert.equal(longer.filters, node.filters, 'untouched branches are shared');
  assert.deepEqual(setPath(node, 'filters.0.value', 5).filters, [{ property: 'a', value: 5 }]);
  assert.deepEqual(setPath({}, 'rule.kind', 'attribute'), { rule: { kind: 'attribute' } });
  assert.deepEqual(setPath({ label: 'x', id: 'w' }, 'label', undefined), { id: 'w' });
  assert.equal(getPath(longer, 'timeout.amount'), 3);
  assert.equal(getPath(longer, 'timeout.amount.deeper'), undefined);
});

test('a scalar field reads numbers and booleans as such, anything else as text', () => {
  assert.deepEqual(['42', '4.5', 'true', 'false', 'gold', ' '].map(parseScalar), [
    42,
    4.5,
    true,
    false,
    'gold',
    ' ',
  ]);
});

test('settings left empty in the form are dropped, not saved half-filled', () => {
  assert.deepEqual(
    pruneSettings({
      reentry: { kind: 'once' },
      sendingWindow: { days: [1] } as never,
      goal: { eventType: '', filters: [] },
      limits: {},
      exitOn: [],
    }),
    { reentry: { kind: 'once' } },
  );
  const kept = {
    reentry: { kind: 'once' as const },
    sendingWindow: { from: '09:00', to: '' },
    goal: { eventType: 'purchase', filters: [] },
  };
  assert.deepEqual(pruneSettings(kept), kept);
});
