// Currencies with known answers: the account currency, exchange rates by date maintained over
// the api, receipts converted at the rate in force on their date with what was sent kept, and a
// receipt whose currency has no rate refused alike by the api, its batch and the CSV import.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { daysAgo, metricsOf } from '../scripts/testing/metrics.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

/** The UTC day so many days before now, as a rate's validFrom. */
const day = (n: number) => daysAgo(n).slice(0, 10);

const postRates = async (rates: unknown[], status = 200) => {
  const res = await h.api('/v1/exchange-rates', { body: { rates } });
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
};

const receipt = (externalId: string, id: string, at: string, extra: object = {}) => ({
  externalId,
  receiptExternalId: id,
  occurredAt: at,
  lines: [
    { productId: 'tea', category: 'drinks', quantity: 2, price: 30 },
    { productId: 'cake', category: 'food', price: 40 },
  ],
  ...extra,
});

describe('the account currency', () => {
  test('is set before any receipt, and a receipt without a currency takes it', async () => {
    assert.deepEqual((await h.api('/v1/settings/currency')).body, { currency: 'USD' });
    const bad = await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'eur' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.problems[0].field, 'currency');
    const set = await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'EUR' } });
    assert.deepEqual(set.body, { currency: 'EUR' });

    const res = await h.api('/v1/receipts', { body: receipt('cur-ann', 'cur-A', daysAgo(3)) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const r = res.body.receipt;
    assert.deepEqual(
      [r.total, r.currency, r.originalTotal, r.originalCurrency, r.exchangeRate],
      [100, 'EUR', 100, 'EUR', 1],
    );

    // Stored amounts are in EUR now: the account currency can no longer change.
    const late = await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'USD' } });
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /stored in EUR/);
    const key = await h.api('/v1/exchange-rates', { key: null });
    assert.equal(key.status, 401);
  });
});

describe('exchange rates', () => {
  test('a GBP receipt is converted at the rate of its date; a later rate changes only later receipts', async () => {
    const stored = await postRates([
      { currency: 'GBP', validFrom: day(30), rate: 1.15 },
      { currency: 'GBP', validFrom: day(10), rate: 1.2 },
    ]);
    assert.equal(stored.receiptsConverted, 0);
    const list = await h.api('/v1/exchange-rates?currency=GBP');
    assert.equal(list.body.accountCurrency, 'EUR');
    assert.deepEqual(
      list.body.rates.map((r: { validFrom: string; rate: number }) => [r.validFrom, r.rate]),
      [
        [day(10), 1.2],
        [day(30), 1.15],
      ],
    );

    const first = await h.api('/v1/receipts', {
      body: receipt('cur-bob', 'cur-B1', daysAgo(20), { currency: 'GBP' }),
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const b1 = first.body.receipt;
    // 2 × 30 + 40 = 100 GBP at 1.15 = 115 EUR; each line converted too.
    assert.deepEqual(
      [b1.total, b1.currency, b1.originalTotal, b1.originalCurrency, b1.exchangeRate],
      [115, 'EUR', 100, 'GBP', 1.15],
    );
    assert.deepEqual(
      b1.lines.map((l: Record<string, number>) => [
        l.price,
        l.amount,
        l.originalPrice,
        l.originalAmount,
      ]),
      [
        [34.5, 69, 30, 60],
        [46, 46, 40, 40],
      ],
    );
    const second = await h.api('/v1/receipts', {
      body: receipt('cur-bob', 'cur-B2', daysAgo(5), { currency: 'GBP', total: 50 }),
    });
    assert.equal(second.body.receipt.total, 60); // 50 GBP at 1.20
    const again = await h.api(`/v1/customers/${b1.customerId}/receipts`);
    const totals = Object.fromEntries(
      again.body.receipts.map((r: { externalId: string; total: number }) => [
        r.externalId,
        r.total,
      ]),
    );
    assert.deepEqual(totals, { 'cur-B1': 115, 'cur-B2': 60 });
    const m = await metricsOf(h, 'cur-bob');
    assert.equal(m.totalSpent, 175);
    assert.equal(m.averageCheck, 87.5);
    // The purchase event carries the amount a campaign filters on, in the account currency.
    const events = await h.db('events').where({ customer_id: b1.customerId, type: 'purchase' });
    assert.deepEqual(events.map((e) => [e.properties.amount, e.properties.currency]).sort(), [
      [115, 'EUR'],
      [60, 'EUR'],
    ]);
  });

  test('correcting or deleting a rate converts its receipts again and refreshes metrics', async () => {
    const fixed = await postRates([{ currency: 'GBP', validFrom: day(30), rate: 1.1 }]);
    assert.equal(fixed.receiptsConverted, 1);
    assert.equal((await metricsOf(h, 'cur-bob')).totalSpent, 110 + 60);
    const gone = await h.api(`/v1/exchange-rates/GBP/${day(10)}`, { method: 'DELETE' });
    assert.equal(gone.status, 204);
    // The later receipt now falls under the earlier rate: 50 × 1.10.
    assert.equal((await metricsOf(h, 'cur-bob')).totalSpent, 110 + 55);
    const row = await h.db('receipts').where({ external_id: 'cur-B2' }).first();
    assert.deepEqual(
      [Number(row.total), Number(row.original_total), Number(row.exchange_rate)],
      [55, 50, 1.1],
    );
    const missing = await h.api(`/v1/exchange-rates/GBP/${day(10)}`, { method: 'DELETE' });
    assert.equal(missing.status, 404);
  });

  test('bad rates are refused naming the field', async () => {
    const own = await postRates([{ currency: 'EUR', validFrom: day(1), rate: 1 }], 400);
    assert.equal(own.error.problems[0].field, 'rates.0.currency');
    const twice = await postRates(
      [
        { currency: 'USD', validFrom: day(1), rate: 0.9 },
        { currency: 'USD', validFrom: day(1), rate: 0.91 },
      ],
      400,
    );
    assert.equal(twice.error.problems[0].field, 'rates.1.validFrom');
    const zero = await postRates([{ currency: 'USD', validFrom: 'soon', rate: 0 }], 400);
    assert.deepEqual(zero.error.problems.map((p: { field: string }) => p.field).sort(), [
      'rates.0.rate',
      'rates.0.validFrom',
    ]);
  });
});

describe('a currency without a rate on the receipt date', () => {
  test('is refused by the api and the batch, naming the field and the fix', async () => {
    const jpy = await h.api('/v1/receipts', {
      body: receipt('cur-cy', 'cur-C1', daysAgo(2), { currency: 'JPY' }),
    });
    assert.equal(jpy.status, 400);
    assert.equal(jpy.body.error.problems[0].field, 'currency');
    assert.match(jpy.body.error.problems[0].message, /no exchange rate from JPY .* EUR/);
    assert.match(jpy.body.error.problems[0].message, /POST \/v1\/exchange-rates/);
    // GBP has rates, but none in force 40 days ago (the first is from 30 days ago).
    const early = await h.api('/v1/receipts', {
      body: receipt('cur-cy', 'cur-C2', daysAgo(40), { currency: 'GBP' }),
    });
    assert.equal(early.status, 400);
    assert.match(early.body.error.problems[0].message, /no exchange rate from GBP/);

    const batch = await h.api('/v1/receipts/batch', {
      body: {
        receipts: [
          receipt('cur-cy', 'cur-C3', daysAgo(2), { currency: 'GBP' }),
          receipt('cur-cy', 'cur-C4', daysAgo(2), { currency: 'JPY' }),
        ],
      },
    });
    assert.equal(batch.status, 207, JSON.stringify(batch.body));
    assert.equal(batch.body.results[0].receipt.total, 110);
    assert.equal(batch.body.results[1].error.problems[0].field, 'receipts.1.currency');
    assert.equal(
      await h.db('receipts').whereIn('external_id', ['cur-C1', 'cur-C2', 'cur-C4']).first(),
      undefined,
    );
  });

  test('is refused by the CSV import, row by row, and the rest converted', async () => {
    const csv = [
      'receiptId,externalId,occurredAt,currency,productId,quantity,price',
      `cur-D1,cur-dee,${daysAgo(2)},gbp,tea,2,10`,
      `cur-D1,cur-dee,${daysAgo(2)},gbp,cake,1,5`,
      `cur-D2,cur-dee,${daysAgo(2)},JPY,tea,1,1000`,
      `cur-D3,cur-dee,${daysAgo(2)},,tea,1,7`,
    ].join('\n');
    const report = await importCsv(h, 'receipts', csv);
    assert.equal(report.import.rowsImported, 3);
    assert.equal(report.import.rowsFailed, 1);
    assert.equal(report.errors[0].row, 4);
    assert.equal(report.errors[0].column, 'currency');
    assert.match(report.errors[0].message, /no exchange rate from JPY/);
    const rows = await h
      .db('receipts')
      .whereIn('external_id', ['cur-D1', 'cur-D3'])
      .orderBy('external_id')
      .select('total', 'currency', 'original_total', 'original_currency');
    assert.deepEqual(
      rows.map((r) => [Number(r.total), r.currency, Number(r.original_total), r.original_currency]),
      [
        [27.5, 'EUR', 25, 'GBP'], // 25 GBP at 1.10
        [7, 'EUR', 7, 'EUR'], // no currency: the account's
      ],
    );
    assert.equal((await metricsOf(h, 'cur-dee')).totalSpent, 34.5);
  });
});
