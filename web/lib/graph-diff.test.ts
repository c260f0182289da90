// Unit tests of the version comparison the history view highlights on the canvas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CampaignGraph } from '../../core/graph.ts';
import { diffGraphs, mergedForDiff } from './graph-diff.ts';

const v1: CampaignGraph = {
  nodes: [
    { id: 't', kind: 'trigger', eventType: 'cart_updated', position: { x: 0, y: 0 } },
    { id: 'wait', kind: 'delay', duration: { amount: 1, unit: 'hours' } },
    { id: 'mail', kind: 'sendEmail', templateId: 'tpl' },
    { id: 'old-exit', kind: 'exit' },
  ],
  edges: [
    { from: 't', to: 'wait', exit: 'next' },
    { from: 'wait', to: 'mail', exit: 'next' },
    { from: 'mail', to: 'old-exit', exit: 'next' },
  ],
  reentry: { kind: 'once' },
};

test('added, removed and changed steps; moving a step is no change', () => {
  const v2: CampaignGraph = {
    ...v1,
    nodes: [
      { id: 't', kind: 'trigger', eventType: 'cart_updated', position: { x: 300, y: 40 } },
      { id: 'wait', kind: 'delay', duration: { amount: 2, unit: 'hours' } },
      { id: 'mail', kind: 'sendEmail', templateId: 'tpl' },
      { id: 'end', kind: 'exit' },
    ],
    edges: [
      { from: 't', to: 'wait', exit: 'next' },
      { from: 'wait', to: 'mail', exit: 'next' },
      { from: 'mail', to: 'end', exit: 'next' },
    ],
  };
  assert.deepEqual(diffGraphs(v1, v2), {
    added: ['end'],
    removed: ['old-exit'],
    // "wait" waits longer; "mail" now leads elsewhere; "t" only moved.
    changed: ['wait', 'mail'],
    settingsChanged: false,
  });
});

test('the same graph with keys in another order is unchanged; settings changes are noticed', () => {
  const reordered: CampaignGraph = {
    ...v1,
    nodes: v1.nodes.map((n) => Object.fromEntries(Object.entries(n).reverse()) as typeof n),
    reentry: { kind: 'notWhileRunning' },
  };
  assert.deepEqual(diffGraphs(v1, reordered), {
    added: [],
    removed: [],
    changed: [],
    settingsChanged: true,
  });
});

test('the merged graph holds the new steps and the removed ones with their edges', () => {
  const v2: CampaignGraph = {
    ...v1,
    nodes: v1.nodes.filter((n) => n.id !== 'old-exit'),
    edges: v1.edges.filter((e) => e.to !== 'old-exit'),
  };
  const merged = mergedForDiff(v1, v2);
  assert.deepEqual(
    merged.nodes.map((n) => n.id),
    ['t', 'wait', 'mail', 'old-exit'],
  );
  assert.deepEqual(merged.edges.at(-1), { from: 'mail', to: 'old-exit', exit: 'next' });
});
