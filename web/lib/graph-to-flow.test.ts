// Unit tests of the graph → React Flow conversion (no browser, no api).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CampaignGraph, GraphNode } from '../../core/graph.ts';
import {
  graphToFlow,
  LAYER_GAP,
  layeredLayout,
  layerNodes,
  SIBLING_GAP,
  summarizeNode,
} from './graph-to-flow.ts';

const graph = (nodes: GraphNode[], edges: CampaignGraph['edges']): CampaignGraph => ({
  nodes,
  edges,
  reentry: { kind: 'once' },
});

test('every node kind gets its type, title and a one-line summary', () => {
  const g = graph(
    [
      { id: 'start', kind: 'trigger', eventType: 'signed_up', label: 'Signed up' },
      { id: 'wait', kind: 'delay', duration: { amount: 2, unit: 'hours' } },
      {
        id: 'berlin',
        kind: 'condition',
        rule: { kind: 'attribute', attribute: 'city', operator: 'equals', value: 'Berlin' },
      },
      { id: 'bought', kind: 'condition', rule: { kind: 'eventSinceEntry', eventType: 'purchase' } },
      { id: 'mail', kind: 'sendEmail', templateId: 'tpl_welcome', label: '  ' },
      { id: 'end', kind: 'exit', label: 'Done' },
      {
        id: 'paid',
        kind: 'waitForEvent',
        eventType: 'purchase',
        filters: [{ property: 'total', operator: 'gt', value: 50 }],
        timeout: { amount: 3, unit: 'days' },
      },
      {
        id: 'ab',
        kind: 'split',
        variants: [
          { name: 'A', weight: 45 },
          { name: 'B', weight: 45 },
        ],
        controlWeight: 10,
      },
      { id: 'again', kind: 'goto', target: 'wait' },
      {
        id: 'office',
        kind: 'waitUntilWindow',
        window: { days: [1, 2, 3, 4, 5], from: '09:00', to: '20:00' },
      },
    ],
    [],
  );
  const { nodes } = graphToFlow(g);
  assert.deepEqual(
    nodes.map((n) => [n.id, n.type, n.data.kind, n.data.title, n.data.summary]),
    [
      ['start', 'trigger', 'trigger', 'Signed up', 'on signed_up'],
      ['wait', 'delay', 'delay', 'wait', 'wait 2 hours'],
      ['berlin', 'condition', 'condition', 'berlin', 'city equals Berlin'],
      ['bought', 'condition', 'condition', 'bought', 'purchase since entry?'],
      ['mail', 'sendEmail', 'sendEmail', 'mail', 'email: tpl_welcome'],
      ['end', 'exit', 'exit', 'Done', 'journey ends'],
      ['paid', 'waitForEvent', 'waitForEvent', 'paid', 'purchase (1 filter) within 3 days'],
      ['ab', 'split', 'split', 'ab', 'A 45% · B 45% · control 10%'],
      ['again', 'goto', 'goto', 'again', 'go to wait'],
      [
        'office',
        'waitUntilWindow',
        'waitUntilWindow',
        'office',
        'until Mon–Fri 09:00–20:00 local time',
      ],
    ],
  );
  assert.deepEqual(
    nodes.map((n) => n.data.exits),
    [
      ['next'],
      ['next'],
      ['yes', 'no'],
      ['yes', 'no'],
      ['next'],
      [],
      ['event', 'timeout'],
      ['A', 'B', 'control'],
      [],
      ['next'],
    ],
  );
});

test('summaries read naturally for singular units and value-less operators', () => {
  assert.equal(
    summarizeNode({ id: 'd', kind: 'delay', duration: { amount: 1, unit: 'days' } }),
    'wait 1 day',
  );
  assert.equal(
    summarizeNode({
      id: 'c',
      kind: 'condition',
      rule: { kind: 'attribute', attribute: 'custom.tier', operator: 'exists' },
    }),
    'custom.tier is set',
  );
  assert.equal(
    summarizeNode({
      id: 'c',
      kind: 'condition',
      rule: { kind: 'attribute', attribute: 'orders', operator: 'gte', value: 3 },
    }),
    'orders ≥ 3',
  );
});

test('edges are labelled by exit: yes/no on conditions, nothing on next', () => {
  const g = graph(
    [
      { id: 't', kind: 'trigger', eventType: 'cart_updated' },
      { id: 'c', kind: 'condition', rule: { kind: 'eventSinceEntry', eventType: 'purchase' } },
      { id: 'a', kind: 'exit' },
      { id: 'b', kind: 'exit' },
    ],
    [
      { from: 't', to: 'c', exit: 'next' },
      { from: 'c', to: 'a', exit: 'yes' },
      { from: 'c', to: 'b', exit: 'no' },
    ],
  );
  const { edges } = graphToFlow(g);
  assert.deepEqual(
    edges.map((e) => ({
      source: e.source,
      target: e.target,
      handle: e.sourceHandle,
      label: e.label,
    })),
    [
      { source: 't', target: 'c', handle: null, label: undefined },
      { source: 'c', target: 'a', handle: 'yes', label: 'yes' },
      { source: 'c', target: 'b', handle: 'no', label: 'no' },
    ],
  );
  assert.equal(new Set(edges.map((e) => e.id)).size, 3, 'edge ids are unique');
});

test('fallback layout: depth by BFS from triggers, siblings spread horizontally', () => {
  const g = graph(
    [
      // Listed out of order on purpose: the layout follows the edges, not the array.
      { id: 'no-branch', kind: 'exit' },
      { id: 'c', kind: 'condition', rule: { kind: 'eventSinceEntry', eventType: 'purchase' } },
      { id: 't', kind: 'trigger', eventType: 'cart_updated' },
      { id: 'yes-branch', kind: 'sendEmail', templateId: 'x' },
      { id: 'after', kind: 'exit' },
      { id: 'orphan', kind: 'delay', duration: { amount: 5, unit: 'minutes' } },
    ],
    [
      { from: 't', to: 'c', exit: 'next' },
      { from: 'c', to: 'no-branch', exit: 'no' },
      { from: 'c', to: 'yes-branch', exit: 'yes' },
      { from: 'yes-branch', to: 'after', exit: 'next' },
      // A shortcut must not push "after" deeper than its first (shortest) path.
      { from: 't', to: 'after', exit: 'next' },
    ],
  );
  assert.deepEqual(layerNodes(g), [
    ['t', 'orphan'],
    ['c', 'after'],
    ['yes-branch', 'no-branch'],
  ]);
  const pos = layeredLayout(g);
  assert.deepEqual(pos.get('t'), { x: -SIBLING_GAP / 2, y: 0 });
  assert.deepEqual(pos.get('c'), { x: -SIBLING_GAP / 2, y: LAYER_GAP });
  // "yes" sits left of "no", centred under the layer's middle.
  assert.deepEqual(pos.get('yes-branch'), { x: -SIBLING_GAP / 2, y: 2 * LAYER_GAP });
  assert.deepEqual(pos.get('no-branch'), { x: SIBLING_GAP / 2, y: 2 * LAYER_GAP });
  assert.equal(pos.size, 6, 'every node is placed, even one no trigger reaches');
});

test('a single chain is a vertical line at x = 0', () => {
  const g = graph(
    [
      { id: 't', kind: 'trigger', eventType: 'e' },
      { id: 'd', kind: 'delay', duration: { amount: 1, unit: 'seconds' } },
      { id: 'x', kind: 'exit' },
    ],
    [
      { from: 't', to: 'd', exit: 'next' },
      { from: 'd', to: 'x', exit: 'next' },
    ],
  );
  assert.deepEqual(
    graphToFlow(g).nodes.map((n) => n.position),
    [0, 1, 2].map((i) => ({ x: 0, y: i * LAYER_GAP })),
  );
});

test('a stored node position wins over the computed layout', () => {
  const g = graph(
    [
      { id: 't', kind: 'trigger', eventType: 'e', position: { x: 400, y: -20 } },
      { id: 'x', kind: 'exit' },
    ],
    [{ from: 't', to: 'x', exit: 'next' }],
  );
  const [t, x] = graphToFlow(g).nodes;
  assert.deepEqual(t?.position, { x: 400, y: -20 });
  assert.deepEqual(x?.position, { x: 0, y: LAYER_GAP });
});

test('edges pointing at unknown nodes do not break the layout', () => {
  const g = graph(
    [{ id: 't', kind: 'trigger', eventType: 'e' }],
    [{ from: 't', to: 'ghost', exit: 'next' }],
  );
  assert.deepEqual(layerNodes(g), [['t']]);
});

test('a go-to is drawn as a dashed edge back to its target', () => {
  const g = graph(
    [
      { id: 't', kind: 'trigger', eventType: 'x' },
      { id: 'w', kind: 'delay', duration: { amount: 1, unit: 'days' } },
      { id: 'back', kind: 'goto', target: 'w' },
    ],
    [
      { from: 't', to: 'w', exit: 'next' },
      { from: 'w', to: 'back', exit: 'next' },
    ],
  );
  const goto = graphToFlow(g).edges.find((e) => e.source === 'back');
  assert.deepEqual(
    [goto?.target, goto?.sourceHandle, goto?.className, goto?.label],
    ['w', 'goto', 'edge-goto', 'go to'],
  );
});
