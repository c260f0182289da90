// The registry must cover every node kind of core/graph.ts: a kind the canvas does not know
// could be neither drawn nor edited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphNode } from '../../core/graph.ts';
import { getPath } from './fields.ts';
import { kindSpec, newNode, nodeKinds } from './node-kinds.ts';

const kinds = GraphNode.options.map((o) => o.shape.kind.value);

test('every GraphNode kind has a registry entry, and the registry no other', () => {
  for (const kind of kinds)
    assert.ok(kindSpec(kind), `node kind "${kind}" has no entry in web/lib/node-kinds.ts`);
  assert.deepEqual(Object.keys(nodeKinds).sort(), [...kinds].sort());
});

test('a new node of each kind has every field its form edits, and a fresh id', () => {
  for (const kind of kinds) {
    const node = newNode(kind, new Set([kind]));
    assert.equal(node.id, `${kind}-2`);
    assert.equal(node.kind, kind);
    for (const field of kindSpec(kind)!.fields) {
      if (field.when && !field.when(node)) continue;
      // Optional numbers and scalars may start empty; everything else starts with a value.
      if (['number', 'scalar', 'days'].includes(field.type)) continue;
      assert.notEqual(getPath(node, field.path), undefined, `${kind}.${field.path} has no default`);
    }
  }
});

test('new nodes fail the schema only on what the marketer must still choose', () => {
  const failing = Object.fromEntries(
    kinds.map((kind) => {
      const r = GraphNode.safeParse(newNode(kind, new Set()));
      return [kind, r.success ? [] : r.error.issues.map((i) => i.path.join('.'))];
    }),
  );
  assert.deepEqual(failing, {
    trigger: ['eventType'],
    delay: [],
    condition: ['rule.attribute'],
    sendEmail: ['templateId'],
    exit: [],
    waitForEvent: ['eventType'],
    split: [],
    // Empty, and so not a node id either: one field, two messages.
    goto: ['target', 'target'],
    waitUntilWindow: [],
  });
});
