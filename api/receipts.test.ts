// Receipts through the real api and Postgres: one and batch, the purchase event campaigns
// trigger on, redeliveries, upserts by external ID and bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  // These receipts are in EUR: the account's currency, so no rate is needed.
  await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'EUR' } });
});
after(() => h.close());

const purchases = (customerId: string) =>
  h.db('events').where({ customer_id: customerId, type: 'purchase' }).orderBy('occurred_at');

const receipt = (over: Record<string, unknown> = {}) => ({
  externalId: 'buyer-1',
  customer: { email: 'buyer@example.com', firstName: 'Bea' },
  receiptExternalId: 'R-1',
  occurredAt: '2026-11-20T10:00:00Z',
  currency: 'EUR',
  store: 'Berlin Mitte',
  source: 'pos',
  lines: [
    { productId: 'cup', name: 'Cup', category: 'kitchen', quantity: 2, price: 4.5 },
    { productId: 'tea', name: 'Tea', category: 'food', price: 3, amount: 2.5 },
  ],
  ...over,
});

describe('POST /v1/receipts', () => {
  test('stores the receipt with its lines and records the purchase event campaigns filter on', async () => {
    const templateId = await createTemplate(h, {
      name: 'Thanks',
      channel: 'email',
      subject: 'Thanks',
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Thanks</mj-text></mj-column></mj-section></mj-body></mjml>',
    });
    const campaignId = await publishCampaign(
      h,
      'After purchase',
      waitThenEmail('purchase', { amount: 1, unit: 'days' }, templateId),
    );
    const res = await h.api('/v1/receipts', { body: receipt() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.outcome, 'created');
    const r = res.body.receipt;
    assert.equal(r.total, 11.5); // 2 × 4.50 + 2.50 (the line's own amount after a discount)
    assert.deepEqual(
      r.lines.map((l: { productId: string; amount: number }) => [l.productId, l.amount]),
      [
        ['cup', 9],
        ['tea', 2.5],
      ],
    );
    assert.equal(r.source, 'pos');
    assert.deepEqual(
      res.body.journeysStarted.map((j: { campaignId: string }) => j.campaignId),
      [campaignId],
    );

    const [event, ...more] = await purchases(r.customerId);
    assert.equal(more.length, 0);
    assert.equal(event.id, res.body.purchaseEventId);
    assert.equal(event.occurred_at.toISOString(), '2026-11-20T10:00:00.000Z');
    assert.deepEqual(event.properties, {
      receiptId: r.id,
      externalId: 'R-1',
      amount: 11.5,
      currency: 'EUR',
      store: 'Berlin Mitte',
      source: 'pos',
      products: ['cup', 'tea'],
      categories: ['kitchen', 'food'],
      itemCount: 3,
      firstPurchase: true,
    });
    const customer = await h.db('customers').where({ id: r.customerId }).first();
    assert.equal(customer.external_id, 'buyer-1');
    assert.equal(customer.first_name, 'Bea');
  });

  test('the second receipt is not a first purchase', async () => {
    const res = await h.api('/v1/receipts', {
      body: receipt({ receiptExternalId: 'R-2', customer: undefined, lines: [{ price: 20 }] }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const events = await purchases(res.body.receipt.customerId);
    assert.deepEqual(
      events.map((e) => [e.properties.externalId, e.properties.firstPurchase]),
      [
        ['R-1', true],
        ['R-2', false],
      ],
    );
    assert.deepEqual(events[1].properties.products, []);
    assert.equal(events[1].properties.itemCount, 1);
  });

  test('a redelivery with the same idempotency key returns the first receipt and records nothing', async () => {
    const body = receipt({
      externalId: 'dup-1',
      receiptExternalId: undefined,
      idempotencyKey: 'pos-42',
    });
    const first = await h.api('/v1/receipts', { body });
    const second = await h.api('/v1/receipts', { body: { ...body, total: 999 } });
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.outcome, 'duplicate');
    assert.equal(second.body.receipt.id, first.body.receipt.id);
    assert.equal(second.body.receipt.total, 11.5);
    assert.equal(second.body.purchaseEventId, null);
    assert.equal((await purchases(first.body.receipt.customerId)).length, 1);
    assert.equal(
      (await h.db('receipts').where({ customer_id: first.body.receipt.customerId })).length,
      1,
    );
  });

  test('a resend under the same external ID updates the receipt without a second purchase', async () => {
    const first = await h.api('/v1/receipts', {
      body: receipt({ externalId: 'upd-1', receiptExternalId: 'R-UPD' }),
    });
    const again = await h.api('/v1/receipts', {
      body: receipt({
        externalId: 'upd-1',
        receiptExternalId: 'R-UPD',
        lines: [{ productId: 'kettle', category: 'kitchen', price: 30 }],
      }),
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.outcome, 'updated');
    assert.equal(again.body.receipt.id, first.body.receipt.id);
    assert.equal(again.body.receipt.total, 30);
    assert.deepEqual(
      again.body.receipt.lines.map((l: { productId: string }) => l.productId),
      ['kettle'],
    );
    assert.equal((await purchases(first.body.receipt.customerId)).length, 1);
    const metrics = await h
      .db('customer_metrics')
      .where({ customer_id: first.body.receipt.customerId })
      .first();
    assert.equal(Number(metrics.total_spent), 30);
  });

  test('a receipt cannot move to another customer', async () => {
    const res = await h.api('/v1/receipts', {
      body: receipt({ externalId: 'someone-else', receiptExternalId: 'R-1' }),
    });
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, /belongs to another customer/);
  });

  test('bad input is a 400 naming each field and stores nothing', async () => {
    const res = await h.api('/v1/receipts', {
      body: {
        externalId: 'bad-1',
        occurredAt: 'yesterday',
        currency: 'euro',
        lines: [{ price: -1 }, { quantity: 0, price: 2 }],
      },
    });
    assert.equal(res.status, 400);
    const fields = res.body.error.problems.map((p: { field: string }) => p.field).sort();
    assert.deepEqual(fields, ['currency', 'lines.0.price', 'lines.1.quantity', 'occurredAt']);
    const unknown = await h.api('/v1/receipts', {
      body: {
        customerId: '00000000-0000-4000-8000-000000000000',
        total: 5,
        occurredAt: '2026-11-20T10:00:00Z',
      },
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.problems[0].field, 'customerId');
    const nothing = await h.api('/v1/receipts', {
      body: { externalId: 'bad-2', occurredAt: '2026-11-20T10:00:00Z' },
    });
    assert.equal(nothing.status, 400);
    assert.equal(nothing.body.error.problems[0].field, 'total');
    assert.equal(await h.db('customers').where({ external_id: 'bad-1' }).first(), undefined);
  });

  test('needs an API key', async () => {
    const res = await h.api('/v1/receipts', { body: receipt(), key: null });
    assert.equal(res.status, 401);
  });
});

describe('POST /v1/receipts/batch', () => {
  test('keeps the good receipts and reports the bad ones by index and field', async () => {
    const res = await h.api('/v1/receipts/batch', {
      body: {
        receipts: [
          receipt({ externalId: 'batch-1', receiptExternalId: 'B-1' }),
          receipt({ externalId: 'batch-2', receiptExternalId: 'B-2', lines: [{ price: 'free' }] }),
          receipt({ externalId: 'batch-1', receiptExternalId: 'B-3', lines: [{ price: 1 }] }),
          receipt({ externalId: 'batch-3', receiptExternalId: 'R-1' }), // another customer's
        ],
      },
    });
    assert.equal(res.status, 207, JSON.stringify(res.body));
    assert.equal(res.body.accepted, 2);
    const [ok1, bad, ok2, taken] = res.body.results;
    assert.equal(ok1.status, 'accepted');
    assert.equal(ok2.status, 'accepted');
    assert.equal(ok1.receipt.customerId, ok2.receipt.customerId);
    assert.equal(bad.error.problems[0].field, 'receipts.1.lines.0.price');
    assert.equal(taken.error.code, 'conflict');
    const stored = await h.db('receipts').whereIn('external_id', ['B-1', 'B-2', 'B-3']);
    assert.equal(stored.length, 2);
    const events = await purchases(ok1.receipt.customerId);
    assert.deepEqual(
      events.map((e) => e.properties.firstPurchase),
      [true, false],
    );
  });

  test('many returning customers at once: every receipt counts, none deadlocks', async () => {
    // The second round updates rows the rankings of the others rewrite: the deadlock-prone case.
    for (const round of [1, 2]) {
      const res = await h.api('/v1/receipts/batch', {
        body: {
          receipts: Array.from({ length: 40 }, (_, i) =>
            receipt({
              externalId: `crowd-${i}`,
              receiptExternalId: `C-${round}-${i}`,
              total: i + 1,
            }),
          ),
        },
      });
      const rejected = res.body.results.filter((r: { status: string }) => r.status !== 'accepted');
      assert.equal(res.status, 200, JSON.stringify(rejected));
    }
    const { n, spent } = await h
      .db('customer_metrics as m')
      .join('customers as c', 'c.id', 'm.customer_id')
      .whereLike('c.external_id', 'crowd-%')
      .first<{ n: number; spent: number }>(
        h.db.raw('count(*)::int as n'),
        h.db.raw('sum(total_spent)::float as spent'),
      );
    assert.deepEqual({ n, spent }, { n: 40, spent: 40 * 41 });
  });

  test('the same batch delivered twice adds nothing', async () => {
    const body = {
      receipts: [1, 2, 3].map((i) =>
        receipt({
          externalId: `twice-${i}`,
          receiptExternalId: undefined,
          idempotencyKey: `tw-${i}`,
        }),
      ),
    };
    const first = await h.api('/v1/receipts/batch', { body });
    const second = await h.api('/v1/receipts/batch', { body });
    assert.equal(first.status, 200);
    assert.deepEqual(
      second.body.results.map((r: { outcome: string }) => r.outcome),
      ['duplicate', 'duplicate', 'duplicate'],
    );
    const n = await h
      .db('events')
      .where({ type: 'purchase' })
      .whereIn(
        'customer_id',
        first.body.results.map((r: { receipt: { customerId: string } }) => r.receipt.customerId),
      );
    assert.equal(n.length, 3);
  });
});
