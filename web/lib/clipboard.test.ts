// Copy and paste: fresh ids, the copies' own edges, a copied loop jumping within the copy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CampaignGraph } from '../../core/graph.ts';
import { copySelection, PASTE_OFFSET, pasteClip } from './clipboard.ts';
import { flowToGraph, graphSettings, graphToFlow } from './graph-to-flow.ts';

const g: CampaignGraph = {
  nodes: [
    { id: 't', kind: 'trigger', eventType: 'e', position: { x: 0, y: 0 } },
    {
      id: 'wait',
      kind: 'delay',
      duration: { amount: 1, unit: 'days' },
      position: { x: 0, y: 100 },
    },
    { id: 'again', kind: 'goto', target: 'wait', position: { x: 0, y: 200 } },
  ],
  edges: [
    { from: 't', to: 'wait', exit: 'next' },
    { from: 'wait', to: 'again', exit: 'next' },
  ],
  reentry: { kind: 'once' },
};

test('pasting a copied loop twice gives fresh ids, its own edges and go-to, offset', () => {
  const flow = graphToFlow(g);
  const selected = flow.nodes.map((n) => ({ ...n, selected: n.id !== 't' }));
  const clip = copySelection(selected, flow.edges);
  assert.deepEqual(
    clip.nodes.map((n) => n.id),
    ['wait', 'again'],
  );
  const once = pasteClip(selected, flow.edges, clip);
  const twice = pasteClip(once.nodes, once.edges, clip);
  const out = flowToGraph(twice.nodes, twice.edges, graphSettings(g));
  assert.deepEqual(
    out.nodes.map((n) => [n.id, n.kind === 'goto' ? n.target : undefined, n.position]),
    [
      ['t', undefined, { x: 0, y: 0 }],
      ['wait', undefined, { x: 0, y: 100 }],
      ['again', 'wait', { x: 0, y: 200 }],
      ['wait-copy', undefined, { x: PASTE_OFFSET, y: 100 + PASTE_OFFSET }],
      ['again-copy', 'wait-copy', { x: PASTE_OFFSET, y: 200 + PASTE_OFFSET }],
      ['wait-copy-2', undefined, { x: PASTE_OFFSET, y: 100 + PASTE_OFFSET }],
      ['again-copy-2', 'wait-copy-2', { x: PASTE_OFFSET, y: 200 + PASTE_OFFSET }],
    ],
  );
  assert.deepEqual(
    out.edges.map((e) => `${e.from}->${e.to}`),
    ['t->wait', 'wait->again', 'wait-copy->again-copy', 'wait-copy-2->again-copy-2'],
  );
  // Only the last paste stays selected, ready to be dragged away.
  assert.deepEqual(
    twice.nodes.filter((n) => n.selected).map((n) => n.id),
    ['wait-copy-2', 'again-copy-2'],
  );
  assert.equal(twice.edges.filter((e) => e.sourceHandle === 'goto').length, 3);
});
