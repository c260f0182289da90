// "Tidy up" with elkjs: steps in journey order from top to bottom, branches side by side in
// the order of their exits, nothing overlapping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abandonedCartGraph } from '../../scripts/demo-campaigns.ts';
import { layoutWithElk } from './auto-layout.ts';
import { graphToFlow } from './graph-to-flow.ts';

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
  const boxes = [...laid.values()];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      assert.ok(
        Math.abs(a.x - b.x) >= 220 || Math.abs(a.y - b.y) >= 72,
        `two steps overlap at ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
      );
});
