// Folded branches and groups: which steps a branch holds (up to where the branches join), and
// what the canvas draws in their place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Edge } from '@xyflow/react';
import type { CampaignGraph } from '../../core/graph.ts';
import {
  branchSteps,
  foldableBranches,
  foldableExits,
  foldView,
  type FoldNode,
} from './folding.ts';
import { graphToFlow } from './graph-to-flow.ts';
import { layoutWithElk } from './auto-layout.ts';
import { anchored, foldedLayoutKey } from './layout-folded.ts';

// trigger → vip? ─yes→ gift → thanks ─┐
//                └─no→ remind → wait ─┴→ done
const graph: CampaignGraph = {
  nodes: [
    { id: 'trigger', kind: 'trigger', eventType: 'signed_up' },
    {
      id: 'vip',
      kind: 'condition',
      rule: { kind: 'attribute', field: 'vip', test: { op: 'isSet' } },
    },
    { id: 'gift', kind: 'delay', duration: { amount: 1, unit: 'hours' } },
    { id: 'thanks', kind: 'delay', duration: { amount: 2, unit: 'hours' } },
    { id: 'remind', kind: 'delay', duration: { amount: 3, unit: 'hours' } },
    { id: 'wait', kind: 'delay', duration: { amount: 4, unit: 'hours' } },
    { id: 'done', kind: 'exit' },
  ],
  edges: [
    { from: 'trigger', to: 'vip', exit: 'next' },
    { from: 'vip', to: 'gift', exit: 'yes' },
    { from: 'gift', to: 'thanks', exit: 'next' },
    { from: 'thanks', to: 'done', exit: 'next' },
    { from: 'vip', to: 'remind', exit: 'no' },
    { from: 'remind', to: 'wait', exit: 'next' },
    { from: 'wait', to: 'done', exit: 'next' },
  ],
} as unknown as CampaignGraph;
const flow = graphToFlow(graph);

test('a branch holds what its exit reaches until the branches join', () => {
  assert.deepEqual(branchSteps(flow.edges, 'vip', 'yes').sort(), ['gift', 'thanks']);
  assert.deepEqual(branchSteps(flow.edges, 'vip', 'no').sort(), ['remind', 'wait']);
  assert.equal(branchSteps(flow.edges, 'trigger', 'next').length, 6, 'one exit: all that follows');
  // A go-to from the end of a branch back to its start keeps the branch whole.
  const loop = [...flow.edges, { source: 'wait', target: 'remind', sourceHandle: 'goto' }];
  assert.deepEqual(branchSteps(loop, 'vip', 'no').sort(), ['remind', 'wait']);
  // Reached from outside too, a step is where two paths join: it stays out, with what follows.
  const joined = [...flow.edges, { source: 'trigger', target: 'thanks', sourceHandle: null }];
  assert.deepEqual(branchSteps(joined, 'vip', 'yes'), ['gift']);
});

test('a folded branch is one card, with the edges into and out of it attached to it', () => {
  const live = flow.nodes.map((n) => ({
    ...n,
    data: { ...n.data, stats: { entered: 5, waiting: 1, sent: 2, converted: 0, exits: {} } },
  }));
  const view = foldView(live, flow.edges, [{ kind: 'branch', from: 'vip', exit: 'no' }]);
  assert.deepEqual(view.nodes.map((n) => n.id).sort(), [
    'done',
    'fold:vip:no',
    'gift',
    'thanks',
    'trigger',
    'vip',
  ]);
  const card = view.nodes.find((n) => n.type === 'fold') as FoldNode;
  assert.deepEqual(card.data.steps.sort(), ['remind', 'wait']);
  assert.match(card.data.title, /^Branch “no” of /);
  // Entered counts the branch's first step only; waiting and sent add up over its steps.
  assert.deepEqual(card.data.stats, { entered: 5, waiting: 2, sent: 4, converted: 0 });
  assert.deepEqual(card.position, live.find((n) => n.id === 'remind')!.position);
  const links = (es: Edge[]) =>
    es.map((e) => `${e.source}:${e.sourceHandle ?? 'next'}->${e.target}`);
  assert.deepEqual(links(view.edges).sort(), [
    'fold:vip:no:next->done',
    'gift:next->thanks',
    'thanks:next->done',
    'trigger:next->vip',
    'vip:no->fold:vip:no',
    'vip:yes->gift',
  ]);
  // Steps no fold holds are the same objects: React Flow redraws nothing else.
  assert.equal(
    view.nodes.find((n) => n.id === 'gift'),
    live.find((n) => n.id === 'gift'),
  );
});

test('a branch folded inside a folded one disappears into it; a group holds what was picked', () => {
  const outer = foldView(flow.nodes, flow.edges, [
    { kind: 'branch', from: 'vip', exit: 'yes' },
    { kind: 'group', id: 'g', steps: ['vip', 'gift', 'thanks', 'remind'] },
  ]);
  const cards = outer.nodes.filter((n): n is FoldNode => n.type === 'fold');
  assert.deepEqual(
    cards.map((c) => [c.id, c.data.steps.length]),
    [['fold:group:g', 4]],
  );
  assert.equal(cards[0]!.data.title, 'Group of 4 steps');
  assert.equal(foldView(flow.nodes, flow.edges, []).nodes, flow.nodes, 'no folds: as it was');
});

test('"Fold branches" offers every split exit whose branch holds more than one step', () => {
  assert.deepEqual(
    foldableBranches(flow.nodes, flow.edges).map((f) => (f.kind === 'branch' ? f.exit : '')),
    ['yes', 'no'],
  );
});

test('an exit label offers to fold only a branch of more than one step', () => {
  assert.deepEqual([...foldableExits(flow.edges)].sort(), ['vip:no', 'vip:yes']);
  const short = flow.edges.filter((e) => e.source !== 'gift');
  assert.deepEqual([...foldableExits(short)], ['vip:no'], 'a one-step branch does not fold');
});

test('edges out of a folded group keep the exits of the step inside they leave from', () => {
  // trigger and vip folded: the card's edges out are vip's "yes" and "no", each its own exit.
  const view = foldView(flow.nodes, flow.edges, [
    { kind: 'group', id: 'g', steps: ['trigger', 'vip'] },
  ]);
  const out = view.edges.filter((e) => e.source === 'fold:group:g');
  assert.deepEqual(
    out.map((e) => [e.label, e.sourceHandle, e.target]),
    [
      ['yes', 'yes', 'gift'],
      ['no', 'no', 'remind'],
    ],
  );
  const card = view.nodes.find((n) => n.type === 'fold') as FoldNode;
  assert.deepEqual(card.data.exits, ['yes', 'no']);
});

test('a folded view laid out again has no gap where the folded steps were', async () => {
  const laid = await layoutWithElk(flow.nodes, flow.edges);
  const steps = ['gift', 'thanks', 'remind', 'wait'];
  const view = foldView(laid, flow.edges, [{ kind: 'group', id: 'g', steps }]);
  const card = view.nodes.find((n) => n.type === 'fold')!;
  const measured = { width: 220, height: 120 };
  const nodes = view.nodes.map((n) => (n.type === 'fold' ? { ...n, measured } : n));
  assert.ok(foldedLayoutKey(view.nodes, view.edges) === undefined, 'waits for the card size');
  assert.ok(foldedLayoutKey(nodes, view.edges));
  const at = anchored(nodes, await layoutWithElk(nodes, view.edges));
  const y = (id: string) => at.get(id)!.y;
  // "done" follows the card at the layout's spacing between layers (70), where the two steps
  // of each branch stood before.
  const gap = y('done') - (y(card.id) + measured.height);
  assert.ok(gap <= 71, `a gap of ${gap} px under the card`);
  assert.ok(y('done') < laid.find((n) => n.id === 'done')!.position.y - 100, 'it moved up');
  assert.equal(y('trigger'), laid.find((n) => n.id === 'trigger')!.position.y, 'anchored');
});
