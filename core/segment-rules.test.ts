import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSegmentRules, segmentsReferenced } from './segment-rules.ts';

const reference = {
  kind: 'group',
  match: 'all',
  children: [
    { kind: 'attribute', field: 'age', test: { op: 'gt', value: 30 } },
    { kind: 'receipts', test: { op: 'gte', value: 1 } },
    { kind: 'subscription', channel: 'sms', status: 'subscribed' },
  ],
};

test("the reference's example parses, with defaults filled in", () => {
  const parsed = parseSegmentRules(reference);
  assert.ok(parsed.ok);
  const receipts = parsed.rules.children[1];
  assert.deepEqual(receipts, {
    kind: 'receipts',
    measure: 'count',
    test: { op: 'gte', value: 1 },
    period: { op: 'ever' },
    custom: [],
  });
});

test('groups nest to any depth, none and any included', () => {
  let tree: object = { kind: 'attribute', field: 'city', test: { op: 'equals', value: 'Oslo' } };
  for (let i = 0; i < 30; i++)
    tree = { kind: 'group', match: ['all', 'any', 'none'][i % 3], children: [tree] };
  assert.ok(parseSegmentRules(tree).ok);
});

test('a missing value makes a draft whose problems are named by path', () => {
  const parsed = parseSegmentRules({
    kind: 'group',
    children: [
      { kind: 'attribute', field: 'city', test: { op: 'equals', value: 'Oslo' } },
      { kind: 'attribute', field: 'age', test: { op: 'gt' } },
      { kind: 'group', match: 'any', children: [{ kind: 'event', eventType: '' }] },
    ],
  });
  assert.ok(!parsed.ok);
  assert.equal(parsed.draft, true);
  assert.deepEqual(
    parsed.problems.map((p) => p.field),
    ['rules.children.1.test.value', 'rules.children.2.children.0.eventType'],
  );
});

test('an unknown field or kind, or a wrong operator for the type, is not a draft', () => {
  const refused = (child: object) => {
    const parsed = parseSegmentRules({ kind: 'group', children: [{}, {}, child] });
    assert.ok(!parsed.ok);
    assert.equal(parsed.draft, false);
    return parsed.problems.filter((p) => p.field.startsWith('rules.children.2'));
  };
  const [field] = refused({ kind: 'attribute', field: 'shoeSize', test: { op: 'isSet' } });
  assert.equal(field!.field, 'rules.children.2.field');
  assert.match(field!.message, /pick one of externalId/);
  const [op] = refused({ kind: 'attribute', field: 'city', test: { op: 'gt', value: 3 } });
  assert.equal(op!.field, 'rules.children.2.test.op');
  assert.match(op!.message, /city is a text: use one of equals/);
  const [kind] = refused({ kind: 'shoes' });
  assert.equal(kind!.field, 'rules.children.2.kind');
  const [value] = refused({
    kind: 'metric',
    metric: 'totalSpent',
    test: { op: 'equals', value: 'x' },
  });
  assert.equal(value!.field, 'rules.children.2.test.value');
});

test('segments referenced are listed with their paths', () => {
  const id = '6f1c0c3e-7a36-4bde-9d5e-3f1c8f0f0a11';
  const parsed = parseSegmentRules({
    kind: 'group',
    children: [{ kind: 'group', children: [{ kind: 'segment', segmentId: id }] }],
  });
  assert.ok(parsed.ok);
  assert.deepEqual(segmentsReferenced(parsed.rules), [
    { segmentId: id, path: ['children', '0', 'children', '0'] },
  ]);
});
