// "Tidy up" with elkjs: steps in journey order from top to bottom, branches side by side in
// the order of their exits, nothing overlapping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abandonedCartGraph, winBackGraph } from '../../scripts/demo-campaigns.ts';
import { layoutWithElk } from './auto-layout.ts';
import { graphToFlow } from './graph-to-flow.ts';

/** Whether any two 220 × 72 cards overlap. */
function assertApart(positions: { x: number; y: number }[]) {
  for (const [i, a] of positions.entries())
    for (const b of positions.slice(i + 1))
      assert.ok(
        Math.abs(a.x - b.x) >= 220 || Math.abs(a.y - b.y) >= 72,
        `two steps overlap at ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
      );
}

test('tidy up lays the abandoned-cart campaign out top to bottom, "yes" left of "no"', async () => {
  const graph = abandonedCartGraph('tpl', { amount: 1, unit: 'hours' });
  // Every step piled on one spot, as after a careless paste.
  const flow = graphToFlow({
    ...graph,
    nodes: graph.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })),
  });
  const laid = new Map(
    (await layoutWithElk(flow.nodes, flow.edges)).map((n) => [n.id, n.position]),
  );
  const at = (id: string) => laid.get(id)!;
  assert.ok(at('cart-updated').y < at('wait').y && at('wait').y < at('purchased').y);
  assert.ok(at('purchased').y < at('converted').y && at('purchased').y < at('reminder').y);
  assert.ok(at('converted').x < at('reminder').x, '"yes" (converted) is left of "no" (reminder)');
  assert.ok(at('reminder').y < at('reminded').y);
  assertApart([...laid.values()]);
});

test('a 203-step campaign is laid out by linear segments: straight down, no staircase', async () => {
  // Network simplex took about 10 s of CPU on this graph; linear segments about 1.5 s.
  const flow = graphToFlow(winBackGraph('tpl', 40));
  assert.equal(flow.nodes.length, 203);
  const laid = (await layoutWithElk(flow.nodes, flow.edges)).map((n) => n.position);
  const xs = laid.map((p) => p.x);
  // Each stage branches at most three ways: a staircase drifted thousands of pixels sideways.
  assert.ok(
    Math.max(...xs) - Math.min(...xs) < 1_000,
    `${Math.max(...xs) - Math.min(...xs)} px wide`,
  );
  assertApart(laid);
});
