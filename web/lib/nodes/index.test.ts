// The registry must cover every node kind of core/graph.ts: a kind the canvas does not know
// could be neither drawn nor edited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphNode } from '../../../core/graph.ts';
import type { z } from 'zod';
import type { Field } from '../fields.ts';
import { kindSpec, newNode, nodeKinds } from './index.ts';

const kinds = GraphNode.options.map((o) => o.shape.kind.value);

test('every GraphNode kind has a registry entry, and the registry no other', () => {
  for (const kind of kinds)
    assert.ok(kindSpec(kind), `node kind "${kind}" has no entry in web/lib/nodes/`);
  assert.deepEqual(Object.keys(nodeKinds).sort(), [...kinds].sort());
});

/** Whether a dotted path leads somewhere in a zod schema; arrays are crossed without an index. */
function inSchema(schema: z.ZodType, parts: string[]): boolean {
  if (parts.length === 0) return true;
  const def = schema._zod.def as unknown as {
    type: string;
    innerType?: z.ZodType;
    shape?: Record<string, z.ZodType>;
    options?: z.ZodType[];
    element?: z.ZodType;
    in?: z.ZodType;
  };
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
      return inSchema(def.innerType!, parts);
    case 'pipe':
      return inSchema(def.in!, parts);
    case 'array':
      return inSchema(def.element!, parts);
    case 'union':
      return def.options!.some((o) => inSchema(o, parts));
    case 'object': {
      const child = def.shape![parts[0]!];
      return child !== undefined && inSchema(child, parts.slice(1));
    }
    default:
      return false;
  }
}

/** Every field of a form, list items included, as paths from the node. */
function fieldPaths(fields: Field[], prefix = ''): string[] {
  return fields.flatMap((f) => {
    const path = prefix ? `${prefix}.${f.path}` : f.path;
    return f.type === 'list' ? [path, ...fieldPaths(f.item, path)] : [path];
  });
}

test("every field a form edits exists in its kind's schema, and new nodes get fresh ids", () => {
  const branch = GraphNode.options.find((o) => o.shape.kind.value === 'branch')!;
  assert.ok(inSchema(branch, 'branches.rules.within.amount'.split('.')), 'the walk reaches deep');
  assert.ok(!inSchema(branch, 'branches.rules.withn'.split('.')), 'and refuses a typo');
  for (const option of GraphNode.options) {
    const kind = option.shape.kind.value;
    for (const path of fieldPaths(kindSpec(kind)!.fields))
      assert.ok(inSchema(option, path.split('.')), `${kind}: "${path}" is not in the schema`);
    const node = newNode(kind, new Set([kind]));
    assert.deepEqual([node.id, node.kind], [`${kind}-2`, kind]);
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
    scheduleTrigger: [],
    dateTrigger: [],
    inactivityTrigger: [],
    delay: [],
    delayUntil: ['until'],
    delayUntilAttribute: ['attribute'],
    condition: ['rule.attribute'],
    branch: ['branches.0.rules.0.attribute'],
    sendEmail: ['templateId'],
    sendMessage: ['channels.0.templateId'],
    updateProfile: ['actions.0.attribute'],
    httpCall: ['url'],
    exit: [],
    waitForEvent: ['eventType'],
    split: [],
    // Empty, and so not a node id either: one field, two messages.
    goto: ['target', 'target'],
    waitUntilWindow: [],
  });
});
