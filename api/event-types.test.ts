// GET /v1/event-types: what the canvas's event pickers offer — the types recorded, most common
// first, each with its property names; nothing without a key.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

test('recorded event types come back with their property names, most common first', async () => {
  const post = (type: string, properties: Record<string, unknown>, externalId: string) =>
    h.api('/v1/events', { body: { type, externalId, properties } });
  for (const who of ['ada', 'bob', 'cy'])
    assert.equal((await post('cart_updated', { total: 40, items: 2 }, who)).status, 202);
  assert.equal((await post('purchase', { total: 40, orderId: 'o-1' }, 'ada')).status, 202);
  assert.equal((await post('purchase', { total: 12 }, 'bob')).status, 202);

  const res = await h.api('/v1/event-types');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const byType = new Map(res.body.eventTypes.map((t: any) => [t.type, t]));
  const cart: any = byType.get('cart_updated');
  const purchase: any = byType.get('purchase');
  assert.equal(cart.count, 3);
  assert.equal(purchase.count, 2);
  assert.deepEqual(
    purchase.properties.map((p: any) => [p.name, p.count]),
    [
      ['total', 2],
      ['orderId', 1],
    ],
  );
  assert.deepEqual(cart.properties.map((p: any) => p.name).sort(), ['items', 'total']);
  const types = res.body.eventTypes.map((t: any) => t.type);
  assert.ok(types.indexOf('cart_updated') < types.indexOf('purchase'), 'most common first');
  assert.equal(res.body.estimated, false);
});

test('the list needs a key', async () => {
  assert.equal((await h.api('/v1/event-types', { key: null })).status, 401);
});
