import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CampaignGraph, durationMs } from './graph.ts';
import { validateGraph } from './graph-validation.ts';

const valid = (): CampaignGraph => ({
  nodes: [
    { id: 't', kind: 'trigger', eventType: 'cart_updated' },
    { id: 'd', kind: 'delay', duration: { amount: 1, unit: 'hours' } },
    { id: 'c', kind: 'condition', rule: { kind: 'eventSinceEntry', eventType: 'purchase' } },
    { id: 'yes', kind: 'exit' },
    { id: 'e', kind: 'sendEmail', templateId: 'tpl' },
    { id: 'x', kind: 'exit' },
  ],
  edges: [
    { from: 't', to: 'd', exit: 'next' },
    { from: 'd', to: 'c', exit: 'next' },
    { from: 'c', to: 'yes', exit: 'yes' },
    { from: 'c', to: 'e', exit: 'no' },
    { from: 'e', to: 'x', exit: 'next' },
  ],
  reentry: { kind: 'once' },
});

const messages = (g: CampaignGraph) =>
  validateGraph(g).map((p) => `${p.nodeId ?? '-'}: ${p.message}`);

test('a complete graph has no problems', () => {
  assert.deepEqual(validateGraph(valid()), []);
});

test('an unconnected exit is reported on its node', () => {
  const g = valid();
  g.edges = g.edges.filter((e) => !(e.from === 'c' && e.exit === 'no'));
  assert.deepEqual(messages(g), [
    'c: connect the "no" exit',
    'e: no trigger leads here: connect it or delete it',
    'x: no trigger leads here: connect it or delete it',
  ]);
});

test('a graph without a trigger says so', () => {
  const g = valid();
  g.nodes = g.nodes.filter((n) => n.kind !== 'trigger');
  g.edges = g.edges.filter((e) => e.from !== 't');
  assert.ok(messages(g).includes('-: add a trigger node: a campaign needs an entry'));
});

test('an exit the node kind does not have, a doubled exit and a dangling edge are reported', () => {
  const g = valid();
  g.edges.push(
    { from: 'd', to: 'x', exit: 'yes' },
    { from: 'e', to: 'yes', exit: 'next' },
    { from: 'x', to: 'ghost', exit: 'next' },
  );
  const m = messages(g);
  assert.ok(m.includes('d: a delay node has no "yes" exit'));
  assert.ok(m.includes('e: the "next" exit is connected 2 times; keep one'));
  assert.ok(m.includes('x: an edge leads to "ghost", which is not a node'));
});

test('duplicate IDs are refused', () => {
  const g = valid();
  g.nodes.push({ id: 'x', kind: 'exit' });
  assert.ok(messages(g).includes('x: two nodes share the id "x"'));
});

test('a loop through a delay is fine; one with no delay or wait would spin', () => {
  const looping = valid();
  // "no purchase yet": remind, then go back to waiting
  looping.nodes = looping.nodes.filter((n) => n.id !== 'x');
  looping.nodes.push({ id: 'again', kind: 'goto', target: 'd' });
  looping.edges = looping.edges.map((e) => (e.from === 'e' ? { ...e, to: 'again' } : e));
  assert.deepEqual(messages(looping), []);

  const spinning = valid();
  spinning.nodes = spinning.nodes.filter((n) => n.id !== 'x');
  spinning.nodes.push({ id: 'again', kind: 'goto', target: 'c' });
  spinning.edges = spinning.edges.map((e) => (e.from === 'e' ? { ...e, to: 'again' } : e));
  assert.deepEqual(messages(spinning), [
    'again: this loop has no delay or wait in it and would spin: add one',
  ]);
});

test('a go-to must name a step after the trigger', () => {
  const g = valid();
  g.nodes.push(
    { id: 'jump', kind: 'goto', target: 'nowhere' },
    { id: 'back', kind: 'goto', target: 't' },
  );
  g.edges.push({ from: 'c', to: 'jump', exit: 'yes' });
  const m = messages(g);
  assert.ok(m.includes('jump: "nowhere" is not a node: pick the step to go to'));
  assert.ok(m.includes('back: go to a step after the trigger, other than this one'));
});

test('durations convert to milliseconds', () => {
  assert.equal(durationMs({ amount: 2, unit: 'minutes' }), 120_000);
  assert.equal(durationMs({ amount: 1.5, unit: 'days' }), 129_600_000);
});

test('a split needs every variant connected, and sends nothing to its control group', () => {
  const g: CampaignGraph = {
    nodes: [
      { id: 't', kind: 'trigger', eventType: 'signed_up' },
      {
        id: 'ab',
        kind: 'split',
        variants: [
          { name: 'A', weight: 1 },
          { name: 'B', weight: 1 },
        ],
        controlWeight: 1,
      },
      { id: 'mail', kind: 'sendEmail', templateId: 'tpl' },
      { id: 'x', kind: 'exit' },
    ],
    edges: [
      { from: 't', to: 'ab', exit: 'next' },
      { from: 'ab', to: 'mail', exit: 'A' },
      { from: 'ab', to: 'mail', exit: 'control' },
      { from: 'mail', to: 'x', exit: 'next' },
    ],
    reentry: { kind: 'once' },
  };
  assert.deepEqual(messages(g), [
    'ab: connect the "B" exit',
    'ab: the control group must not be sent anything: remove the send after "control"',
  ]);
});
