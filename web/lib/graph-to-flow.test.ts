// Unit tests of the graph → React Flow conversion (no browser, no api).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CampaignGraph, GraphNode } from '../../core/graph.ts';
import { draftProblems } from '../../core/graph-problems.ts';
import { GraphNode as GraphNodeSchema } from '../../core/graph.ts';
import {
  flowToGraph,
  graphSettings,
  graphToFlow,
  withGotoEdges,
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
      ['start', 'trigger', 'trigger', 'Signed up', 'when signed_up happens'],
      ['wait', 'delay', 'delay', 'Wait 2 hours', 'wait 2 hours'],
      ['berlin', 'condition', 'condition', 'If city equals Berlin', 'if city equals Berlin'],
      ['bought', 'condition', 'condition', 'If purchase since entry', 'if purchase since entry'],
      ['mail', 'sendEmail', 'sendEmail', 'Send email “tpl_welcome”', 'send email “tpl_welcome”'],
      ['end', 'exit', 'exit', 'Done', 'journey ends'],
      [
        'paid',
        'waitForEvent',
        'waitForEvent',
        'Wait up to 3 days for purchase (1 filter)',
        'wait up to 3 days for purchase (1 filter)',
      ],
      [
        'ab',
        'split',
        'split',
        'Split A 45% · B 45% · control 10%',
        'split A 45% · B 45% · control 10%',
      ],
      ['again', 'goto', 'goto', 'Go to wait', 'go to wait'],
      [
        'office',
        'waitUntilWindow',
        'waitUntilWindow',
        'Wait until Mon–Fri 09:00–20:00 local time',
        'wait until Mon–Fri 09:00–20:00 local time',
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
    'if custom.tier is set',
  );
  assert.equal(
    summarizeNode({
      id: 'c',
      kind: 'condition',
      rule: { kind: 'attribute', attribute: 'orders', operator: 'gte', value: 3 },
    }),
    'if orders ≥ 3',
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

/** One node of every kind, placed, with every exit connected: the round trip must keep it all. */
function everyKind(): CampaignGraph {
  return {
    nodes: [
      {
        id: 'start',
        kind: 'trigger',
        eventType: 'cart_updated',
        label: 'Cart',
        position: { x: 0, y: 0 },
      },
      {
        id: 'wait',
        kind: 'delay',
        duration: { amount: 2, unit: 'hours' },
        position: { x: 0, y: 100 },
      },
      {
        id: 'paid',
        kind: 'waitForEvent',
        eventType: 'purchase',
        filters: [{ property: 'total', operator: 'gt', value: 50 }],
        timeout: { amount: 3, unit: 'days' },
        position: { x: 0, y: 200 },
      },
      {
        id: 'office',
        kind: 'waitUntilWindow',
        window: { days: [1, 2, 3], from: '09:00', to: '18:00' },
        position: { x: 200, y: 300 },
      },
      {
        id: 'vip',
        kind: 'condition',
        rule: { kind: 'attribute', attribute: 'custom.tier', operator: 'equals', value: 'gold' },
        position: { x: 200, y: 400 },
      },
      {
        id: 'ab',
        kind: 'split',
        variants: [
          { name: 'A', weight: 45 },
          { name: 'B', weight: 45 },
        ],
        controlWeight: 10,
        position: { x: 0, y: 500 },
      },
      { id: 'mail', kind: 'sendEmail', templateId: 'tpl_1', position: { x: -200, y: 600 } },
      {
        id: 'again',
        kind: 'goto',
        target: 'wait',
        label: 'Remind again',
        position: { x: 0, y: 600 },
      },
      { id: 'done', kind: 'exit', position: { x: 200, y: 600 } },
      {
        id: 'weekly',
        kind: 'scheduleTrigger',
        segmentId: 'seg_vip',
        every: { frequency: 'weekly', time: '09:00', days: [1] },
        timeZone: 'Europe/Paris',
        position: { x: 400, y: 0 },
      },
      {
        id: 'birthday',
        kind: 'dateTrigger',
        attribute: 'birthDate',
        offsetDays: -1,
        time: '10:00',
        yearly: true,
        position: { x: 600, y: 0 },
      },
      {
        id: 'lapsed',
        kind: 'inactivityTrigger',
        days: 60,
        eventType: 'purchase',
        position: { x: 800, y: 0 },
      },
      {
        id: 'black-friday',
        kind: 'delayUntil',
        until: '2026-11-27T00:00:00Z',
        position: { x: 400, y: 100 },
      },
      {
        id: 'renewal',
        kind: 'delayUntilAttribute',
        attribute: 'custom.renewsOn',
        offsetDays: -3,
        time: '10:00',
        position: { x: 400, y: 200 },
      },
      {
        id: 'route',
        kind: 'branch',
        branches: [
          { name: 'opened', rules: [{ kind: 'messageStatus', nodeId: 'mail', status: 'opened' }] },
          { name: 'vip', rules: [{ kind: 'segment', segmentId: 'seg_vip', member: true }] },
        ],
        position: { x: 400, y: 300 },
      },
      {
        id: 'nudge',
        kind: 'sendMessage',
        channels: [
          { channel: 'push', templateId: 'tpl_push' },
          { channel: 'email', templateId: 'tpl_1' },
        ],
        messagingType: 'promo',
        position: { x: 400, y: 400 },
      },
      {
        id: 'tag',
        kind: 'updateProfile',
        actions: [
          { op: 'addTag', tag: 'nudged' },
          { op: 'accruePoints', amount: 50, reason: 'campaign' },
        ],
        position: { x: 400, y: 500 },
      },
      {
        id: 'crm',
        kind: 'httpCall',
        method: 'POST',
        url: 'https://crm.example.com/hooks',
        headers: { Authorization: 'Bearer x' },
        body: '{"email": "{{ customer.email }}"}',
        timeout: { amount: 10, unit: 'seconds' },
        position: { x: 400, y: 600 },
      },
    ],
    edges: [
      { from: 'start', to: 'wait', exit: 'next' },
      { from: 'wait', to: 'paid', exit: 'next' },
      { from: 'paid', to: 'done', exit: 'event' },
      { from: 'paid', to: 'office', exit: 'timeout' },
      { from: 'office', to: 'vip', exit: 'next' },
      { from: 'vip', to: 'ab', exit: 'yes' },
      { from: 'vip', to: 'done', exit: 'no' },
      { from: 'ab', to: 'mail', exit: 'A' },
      { from: 'ab', to: 'mail', exit: 'B' },
      { from: 'ab', to: 'done', exit: 'control' },
      { from: 'mail', to: 'again', exit: 'next' },
      { from: 'weekly', to: 'black-friday', exit: 'next' },
      { from: 'birthday', to: 'renewal', exit: 'next' },
      { from: 'lapsed', to: 'route', exit: 'next' },
      { from: 'black-friday', to: 'renewal', exit: 'next' },
      { from: 'renewal', to: 'route', exit: 'next' },
      { from: 'renewal', to: 'done', exit: 'missing' },
      { from: 'route', to: 'nudge', exit: 'opened' },
      { from: 'route', to: 'tag', exit: 'vip' },
      { from: 'route', to: 'done', exit: 'else' },
      { from: 'nudge', to: 'tag', exit: 'sent' },
      { from: 'nudge', to: 'crm', exit: 'undelivered' },
      { from: 'tag', to: 'crm', exit: 'next' },
      { from: 'crm', to: 'done', exit: 'success' },
      { from: 'crm', to: 'done', exit: 'failure' },
    ],
    reentry: { kind: 'oncePerPeriod', days: 7 },
    limits: { maxEntriesPerDay: 500 },
    goal: { eventType: 'purchase', filters: [] },
    sendingWindow: { from: '09:00', to: '21:00' },
    exitOn: [{ eventType: 'unsubscribed', filters: [] }],
    testMode: true,
    startsAt: '2026-11-27T00:00:00Z',
  };
}

test('definition → canvas → definition keeps every node kind, edge, position and setting', () => {
  const g = everyKind();
  // The fixture is a campaign core/ accepts, so the round trip is of a real definition.
  assert.deepEqual(draftProblems(g), []);
  const kinds = new Set(g.nodes.map((n) => n.kind));
  assert.deepEqual(
    [...kinds].sort(),
    GraphNodeSchema.options.map((o) => o.shape.kind.value).sort(),
    'the fixture holds one node of every kind',
  );
  const flow = graphToFlow(g);
  assert.deepEqual(flowToGraph(flow.nodes, flow.edges, graphSettings(g)), g);
});

test('canvas → definition: moved nodes keep whole-pixel positions, go-to edges stay in the node', () => {
  const g = everyKind();
  const flow = graphToFlow(g);
  const moved = flow.nodes.map((n) =>
    n.id === 'mail' ? { ...n, position: { x: 10.4, y: 20.6 } } : n,
  );
  const back = flowToGraph(moved, flow.edges, graphSettings(g));
  assert.deepEqual(back.nodes.find((n) => n.id === 'mail')?.position, { x: 10, y: 21 });
  assert.equal(back.edges.length, g.edges.length, 'the go-to edge is not saved as an edge');
  assert.equal(
    flow.edges.filter((e) => e.sourceHandle === 'goto').length,
    1,
    'the go-to is drawn as one edge',
  );
});

test('canvas → definition → canvas draws the same nodes and edges', () => {
  const g = everyKind();
  const first = graphToFlow(g);
  const again = graphToFlow(flowToGraph(first.nodes, first.edges, graphSettings(g)));
  assert.deepEqual(again.nodes, first.nodes);
  assert.deepEqual(again.edges, first.edges);
});

test("a go-to's edge follows its target when the target changes", () => {
  const g = everyKind();
  const flow = graphToFlow(g);
  const nodes = flow.nodes.map((n) =>
    n.id === 'again'
      ? { ...n, data: { ...n.data, node: { ...n.data.node, target: 'vip' } as GraphNode } }
      : n,
  );
  const edges = withGotoEdges(nodes, flow.edges);
  assert.deepEqual(
    edges.filter((e) => e.sourceHandle === 'goto').map((e) => [e.source, e.target]),
    [['again', 'vip']],
  );
});

test('a half-filled draft node is drawn with what can be said of it', () => {
  const half = { id: 'ab', kind: 'split' } as unknown as GraphNode;
  const [node] = graphToFlow({ nodes: [half], edges: [], reentry: { kind: 'once' } }).nodes;
  assert.deepEqual([node?.data.summary, node?.data.exits], ['', []]);
});

test('every trigger kind starts a layer of its own', () => {
  const g = graph(
    [
      { id: 'mail', kind: 'sendEmail', templateId: 't' },
      {
        id: 'bday',
        kind: 'dateTrigger',
        attribute: 'birthDate',
        offsetDays: 0,
        time: '10:00',
        yearly: true,
      },
      { id: 'lapsed', kind: 'inactivityTrigger', days: 30, eventType: 'purchase' },
    ],
    [
      { from: 'bday', to: 'mail', exit: 'next' },
      { from: 'lapsed', to: 'mail', exit: 'next' },
    ],
  );
  assert.deepEqual(layerNodes(g), [['bday', 'lapsed'], ['mail']]);
});
