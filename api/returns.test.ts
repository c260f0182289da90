// Returns and refunds through every load path: a return names its purchase or stands alone,
// metrics are net of returns, a return records a `return` event (never a purchase) that campaigns
// trigger on, and the api, its batch and the CSV import accept and refuse the same shapes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import {
  customerIdOf,
  daysAgo,
  metricsOf as metricsOfCustomer,
} from '../scripts/testing/metrics.ts';
import { publishStartingOn } from '../scripts/testing/fixtures.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

const customerOf = (externalId: string) => customerIdOf(h, externalId);
const metricsOf = (externalId: string) => metricsOfCustomer(h, externalId);

const post = async (body: Record<string, unknown>, status = 201) => {
  const res = await h.api('/v1/receipts', { body });
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
};

describe('over the api', () => {
  test('a 100 purchase and a 30 return of it: one order, 70 spent, a return event', async () => {
    const campaignId = await publishStartingOn(h, 'return');
    await post({
      externalId: 'ret-ann',
      receiptExternalId: 'ret-A1',
      occurredAt: daysAgo(10),
      lines: [
        { productId: 'boots', category: 'shoes', price: 70 },
        { productId: 'socks', category: 'socks', quantity: 3, price: 10 },
      ],
    });
    const ret = await post({
      externalId: 'ret-ann',
      receiptExternalId: 'ret-A1-R',
      kind: 'return',
      originalReceiptExternalId: 'ret-A1',
      occurredAt: daysAgo(8),
      lines: [{ productId: 'socks', category: 'socks', quantity: 3, price: 10 }],
    });
    assert.equal(ret.receipt.kind, 'return');
    assert.equal(ret.receipt.total, 30);
    const original = await h.db('receipts').where({ external_id: 'ret-A1' }).first('id');
    assert.equal(ret.receipt.originalReceiptId, original.id);
    assert.deepEqual(
      ret.journeysStarted.map((j: { campaignId: string }) => j.campaignId),
      [campaignId],
    );
    const m = await metricsOf('ret-ann');
    assert.equal(m.receiptsCount, 1);
    assert.equal(m.totalSpent, 70);
    assert.equal(m.averageCheck, 70);
    assert.equal(m.returnsCount, 1);
    assert.equal(m.returnedAmount, 30);
    const events = await h
      .db('events')
      .where({ customer_id: await customerOf('ret-ann') })
      .orderBy('occurred_at')
      .select('type', 'properties');
    assert.deepEqual(
      events.map((e) => e.type),
      ['purchase', 'return'],
    );
    assert.equal(events[1].properties.amount, 30);
    assert.equal(events[1].properties.originalReceiptId, original.id);
    assert.deepEqual(events[1].properties.products, ['socks']);
    // Returned goods are no interest: socks weigh nothing once refunded.
    assert.deepEqual(
      m.interests.map((i) => i.category),
      ['shoes', 'socks'],
    );
  });

  test('a purchase refunded in full is no order; a standalone return lowers revenue only', async () => {
    const kept = daysAgo(20);
    await post({ externalId: 'ret-bob', receiptExternalId: 'ret-B1', occurredAt: kept, total: 40 });
    await post({
      externalId: 'ret-bob',
      receiptExternalId: 'ret-B2',
      occurredAt: daysAgo(5),
      total: 60,
    });
    await post({
      externalId: 'ret-bob',
      kind: 'return',
      originalReceiptExternalId: 'ret-B2',
      occurredAt: daysAgo(4),
      total: 60,
    });
    await post({ externalId: 'ret-bob', kind: 'return', occurredAt: daysAgo(3), total: 15 });
    const m = await metricsOf('ret-bob');
    assert.equal(m.receiptsCount, 1);
    assert.equal(m.totalSpent, 40 + 60 - 60 - 15);
    assert.equal(m.averageCheck, 25);
    assert.equal(m.returnsCount, 2);
    assert.equal(m.returnedAmount, 75);
    // The last order is the one kept, not the purchase refunded in full.
    assert.equal(m.lastPurchaseAt, kept);
  });
});

describe('every load path accepts and refuses the same shapes', () => {
  /** Each case: the receipt as the api takes it, the same as CSV cells, and the field at fault. */
  const cases = [
    {
      name: 'a negative price',
      api: { kind: 'return', lines: [{ productId: 'p', price: -5 }] },
      csv: { kind: 'return', price: '-5' },
      field: ['lines.0.price', 'price'],
      message: /cannot be negative; send a return as its own receipt with kind "return"/,
    },
    {
      name: 'an unknown kind',
      api: { kind: 'refund', lines: [{ productId: 'p', price: 5 }] },
      csv: { kind: 'refund', price: '5' },
      field: ['kind', 'kind'],
      message: /use kind "purchase" or "return"/,
    },
    {
      name: 'a purchase naming an original',
      api: { originalReceiptExternalId: 'par-P1', lines: [{ productId: 'p', price: 5 }] },
      csv: { originalReceiptId: 'par-P1', price: '5' },
      field: ['originalReceiptExternalId', 'originalReceiptId'],
      message: /only a return names an original receipt/,
    },
    {
      name: 'a return of a receipt Herald never had',
      api: { kind: 'return', originalReceiptExternalId: 'par-nope', lines: [{ price: 5 }] },
      csv: { kind: 'return', originalReceiptId: 'par-nope', price: '5' },
      field: ['originalReceiptExternalId', 'originalReceiptId'],
      message: /no receipt "par-nope" is in Herald/,
    },
    {
      name: "a return of another customer's purchase",
      api: { kind: 'return', originalReceiptExternalId: 'par-P1', lines: [{ price: 5 }] },
      csv: { kind: 'return', originalReceiptId: 'par-P1', price: '5' },
      field: ['originalReceiptExternalId', 'originalReceiptId'],
      message: /belongs to another customer/,
    },
  ];

  before(async () => {
    await post({
      externalId: 'par-owner',
      receiptExternalId: 'par-P1',
      occurredAt: daysAgo(2),
      total: 9,
    });
  });

  for (const c of cases)
    test(c.name, async () => {
      const body = { externalId: 'par-other', occurredAt: daysAgo(1), ...c.api };
      const one = await h.api('/v1/receipts', { body });
      assert.equal(one.status, 400, JSON.stringify(one.body));
      const problem = one.body.error.problems[0];
      assert.equal(problem.field, c.field[0]);
      assert.match(problem.message, c.message);

      const batch = await h.api('/v1/receipts/batch', { body: { receipts: [body] } });
      assert.equal(batch.status, 400, JSON.stringify(batch.body));
      const rejected = batch.body.results[0].error.problems[0];
      assert.equal(rejected.field, `receipts.0.${c.field[0]}`);
      assert.equal(rejected.message, problem.message);

      const cells = {
        receiptId: `par-csv-${c.field[1]}-${cases.indexOf(c)}`,
        externalId: 'par-other',
        occurredAt: daysAgo(1),
        ...c.csv,
      };
      const header = Object.keys(cells);
      const csv = [
        header.join(','),
        header.map((k) => cells[k as keyof typeof cells]).join(','),
      ].join('\n');
      const report = await importCsv(h, 'receipts', csv);
      assert.equal(report.import.rowsFailed, 1, JSON.stringify(report));
      assert.equal(report.errors[0].column, c.field[1]);
      assert.equal(report.errors[0].message, problem.message);
    });

  test('what one path accepts, the others accept', async () => {
    const csv = [
      'receiptId,kind,originalReceiptId,externalId,occurredAt,productId,quantity,price',
      `par-C1,,,par-csv,${daysAgo(6)},p,2,10`,
      `par-C1R,Return,par-C1,par-csv,${daysAgo(5)},p,1,10`,
      `par-C2R,return,,par-csv,${daysAgo(4)},q,1,3`,
    ].join('\n');
    const report = await importCsv(h, 'receipts', csv);
    assert.equal(report.import.rowsImported, 3, JSON.stringify(report));
    const m = await metricsOf('par-csv');
    assert.equal(m.receiptsCount, 1);
    assert.equal(m.totalSpent, 20 - 10 - 3);
    assert.equal(m.returnsCount, 2);
    const r = await h.db('receipts').where({ external_id: 'par-C1R' }).first();
    assert.equal(r.kind, 'return');
    const original = await h.db('receipts').where({ external_id: 'par-C1' }).first('id');
    assert.equal(r.original_receipt_id, original.id);
    // The same receipts through the batch api: the same figures.
    const batch = await h.api('/v1/receipts/batch', {
      body: {
        receipts: [
          {
            externalId: 'par-api',
            receiptExternalId: 'par-A1',
            occurredAt: daysAgo(6),
            lines: [{ productId: 'p', quantity: 2, price: 10 }],
          },
          {
            externalId: 'par-api',
            kind: 'return',
            originalReceiptExternalId: 'par-A1',
            occurredAt: daysAgo(5),
            lines: [{ productId: 'p', price: 10 }],
          },
          {
            externalId: 'par-api',
            kind: 'return',
            occurredAt: daysAgo(4),
            lines: [{ productId: 'q', price: 3 }],
          },
        ],
      },
    });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    const a = await metricsOf('par-api');
    for (const k of [
      'receiptsCount',
      'totalSpent',
      'averageCheck',
      'returnsCount',
      'returnedAmount',
    ])
      assert.equal(a[k as keyof typeof a], m[k as keyof typeof m], k);
  });
});
