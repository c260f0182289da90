// The demo campaigns must be publishable as they are: the canvas shows them to every new user.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftProblems } from '../core/graph-problems.ts';
import { abandonedCartGraph, welcomeGraph, winBackGraph } from './demo-campaigns.ts';

test('the demo campaigns have no problems, and the win-back one has 40+ steps', () => {
  const graphs = {
    welcome: welcomeGraph('tpl'),
    cart: abandonedCartGraph('tpl', { amount: 1, unit: 'hours' }),
    winBack: winBackGraph('tpl', 8),
    bench: winBackGraph('tpl', 40),
  };
  for (const [name, g] of Object.entries(graphs)) assert.deepEqual(draftProblems(g), [], name);
  assert.equal(graphs.winBack.nodes.length, 43);
  assert.equal(graphs.bench.nodes.length, 203);
});
