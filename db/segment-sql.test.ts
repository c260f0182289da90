// The segment compiler against real Postgres, on fixtures with known answers
// (scripts/testing/segment-fixture.ts): customer attributes and custom fields, contacts and
// subscriptions, receipts with lines, metrics and points; values carrying SQL matched literally.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { h, HOSTILE, one, useSegmentFixture } from '../scripts/testing/segment-fixture.ts';

useSegmentFixture();

describe('customer attributes and custom fields', () => {
  test('text operators', async () => {
    const city = (test: object) => one({ kind: 'attribute', field: 'city', test });
    assert.deepEqual(await city({ op: 'equals', value: 'Novosibirsk' }), ['ann']);
    assert.deepEqual(await city({ op: 'notEquals', value: 'Novosibirsk' }), ['bob', 'cid', 'dan']);
    assert.deepEqual(await city({ op: 'in', values: ['Omsk', 'Novosibirsk'] }), ['ann', 'dan']);
    assert.deepEqual(await city({ op: 'notIn', values: ['Omsk'] }), ['ann', 'bob', 'cid']);
    assert.deepEqual(await city({ op: 'contains', value: 'SIB' }), ['ann']);
    assert.deepEqual(await city({ op: 'startsWith', value: 'om' }), ['dan']);
    assert.deepEqual(await city({ op: 'isNotSet' }), ['cid']);
  });

  test('values carrying SQL or LIKE patterns are matched literally', async () => {
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'city', test: { op: 'equals', value: HOSTILE } }),
      ['bob'],
    );
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'email', test: { op: 'contains', value: '100%_' } }),
      ['cid'],
    );
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'email', test: { op: 'contains', value: '%' } }),
      ['cid'],
    );
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'city', test: { op: 'in', values: ["x' or '1'='1"] } }),
      [],
    );
    assert.equal(
      await h
        .db('customers')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r!.n)),
      4,
    );
  });

  test('age, birthday in the next N days, lists, flags and source', async () => {
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'age', test: { op: 'gt', value: 30 } }),
      ['ann', 'cid', 'dan'],
    );
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'age', test: { op: 'between', min: 25, max: 31 } }),
      ['bob', 'dan'],
    );
    assert.deepEqual(
      await one({
        kind: 'attribute',
        field: 'birthDate',
        test: { op: 'anniversaryInNext', days: 7 },
      }),
      ['ann', 'bob', 'cid', 'dan'],
    );
    assert.deepEqual(
      await one({
        kind: 'attribute',
        field: 'birthDate',
        test: { op: 'anniversaryInNext', days: 2 },
      }),
      ['ann', 'bob', 'dan'],
    );
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'tags', test: { op: 'contains', value: 'vip' } }),
      ['ann'],
    );
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'tags', test: { op: 'in', values: ['x', 'early'] } }),
      ['ann'],
    );
    assert.deepEqual(await one({ kind: 'attribute', field: 'tags', test: { op: 'isSet' } }), [
      'ann',
    ]);
    assert.deepEqual(await one({ kind: 'attribute', field: 'isTester', test: { op: 'isFalse' } }), [
      'ann',
      'bob',
      'cid',
      'dan',
    ]);
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'source', test: { op: 'equals', value: 'import' } }),
      ['bob'],
    );
    assert.deepEqual(
      await one({ kind: 'attribute', field: 'createdAt', test: { op: 'inLast', days: 1 } }),
      ['ann', 'bob', 'cid', 'dan'],
    );
  });

  test('custom fields by their declared type', async () => {
    assert.deepEqual(
      await one({ kind: 'customField', key: 'tier', test: { op: 'equals', value: 'gold' } }),
      ['ann'],
    );
    assert.deepEqual(
      await one({ kind: 'customField', key: 'score', test: { op: 'gte', value: 2 } }),
      ['ann', 'dan'],
    );
    assert.deepEqual(
      await one({ kind: 'customField', key: 'score', test: { op: 'equals', value: 7 } }),
      ['ann'],
    );
    assert.deepEqual(await one({ kind: 'customField', key: 'tier', test: { op: 'isNotSet' } }), [
      'bob',
      'cid',
    ]);
  });
});

describe('contacts and subscriptions', () => {
  test('a contact on a channel, valid or not', async () => {
    assert.deepEqual(await one({ kind: 'contact', channel: 'sms', valid: { op: 'isTrue' } }), [
      'ann',
    ]);
    assert.deepEqual(await one({ kind: 'contact', channel: 'any', valid: { op: 'isFalse' } }), [
      'bob',
    ]);
    assert.deepEqual(await one({ kind: 'contact', channel: 'any', valid: { op: 'isNotSet' } }), [
      'cid',
      'dan',
    ]);
  });
  test('subscribed, unsubscribed, unknown; "all" counts for every type', async () => {
    assert.deepEqual(await one({ kind: 'subscription', channel: 'sms', messagingType: 'promo' }), [
      'ann',
      'dan',
    ]);
    assert.deepEqual(await one({ kind: 'subscription', channel: 'sms', status: 'unsubscribed' }), [
      'bob',
    ]);
    assert.deepEqual(await one({ kind: 'subscription', channel: 'sms', status: 'unknown' }), [
      'cid',
    ]);
  });
});

describe('receipts, lines, metrics, points', () => {
  test('count, sum and average in a period; zero counts include customers without receipts', async () => {
    assert.deepEqual(await one({ kind: 'receipts', test: { op: 'gte', value: 1 } }), [
      'ann',
      'bob',
      'dan',
    ]);
    assert.deepEqual(await one({ kind: 'receipts', test: { op: 'equals', value: 0 } }), ['cid']);
    assert.deepEqual(await one({ kind: 'receipts', test: { op: 'lt', value: 2 } }), [
      'bob',
      'cid',
      'dan',
    ]);
    assert.deepEqual(await one({ kind: 'receipts', period: { op: 'inLast', days: 30 } }), [
      'ann',
      'bob',
    ]);
    assert.deepEqual(await one({ kind: 'receipts', period: { op: 'moreThanDaysAgo', days: 30 } }), [
      'ann',
      'dan',
    ]);
    assert.deepEqual(
      await one({ kind: 'receipts', measure: 'sum', test: { op: 'gt', value: 100 } }),
      ['ann'],
    );
    assert.deepEqual(
      await one({
        kind: 'receipts',
        measure: 'average',
        test: { op: 'between', min: 20, max: 60 },
      }),
      ['bob', 'dan'],
    );
    assert.deepEqual(await one({ kind: 'receipts', store: { op: 'equals', value: 'Main St' } }), [
      'ann',
    ]);
  });
  test('lines: product name, category, quantity, price, custom field', async () => {
    const paste = { op: 'contains', value: 'toothpaste' };
    assert.deepEqual(await one({ kind: 'receiptLines', name: paste }), ['ann', 'bob']);
    assert.deepEqual(
      await one({
        kind: 'receiptLines',
        name: paste,
        measure: 'quantity',
        test: { op: 'gte', value: 2 },
      }),
      ['ann'],
    );
    assert.deepEqual(
      await one({
        kind: 'receiptLines',
        category: { op: 'equals', value: 'care' },
        test: { op: 'gte', value: 2 },
      }),
      ['ann'],
    );
    assert.deepEqual(await one({ kind: 'receiptLines', price: { op: 'lt', value: 4 } }), ['ann']);
    assert.deepEqual(
      await one({
        kind: 'receiptLines',
        custom: [{ key: 'size', test: { op: 'equals', value: 'L' } }],
      }),
      ['ann'],
    );
  });
  test('metrics, RFM and days since the last purchase', async () => {
    assert.deepEqual(
      await one({ kind: 'metric', metric: 'totalSpent', test: { op: 'gte', value: 50 } }),
      ['ann', 'bob'],
    );
    assert.deepEqual(
      await one({ kind: 'metric', metric: 'receiptsCount', test: { op: 'equals', value: 0 } }),
      ['cid'],
    );
    assert.deepEqual(
      await one({
        kind: 'metric',
        metric: 'rfmSegment',
        test: { op: 'equals', value: 'champions' },
      }),
      ['ann'],
    );
    assert.deepEqual(
      await one({ kind: 'metric', metric: 'daysSinceLastPurchase', test: { op: 'lte', value: 7 } }),
      ['bob'],
    );
    assert.deepEqual(
      await one({ kind: 'metric', metric: 'lastPurchaseAt', test: { op: 'inLast', days: 30 } }),
      ['ann', 'bob'],
    );
  });
  test('points: balance, accrued, spent, expiring', async () => {
    assert.deepEqual(await one({ kind: 'points', test: { op: 'gte', value: 50 } }), ['ann']);
    assert.deepEqual(await one({ kind: 'points', test: { op: 'equals', value: 0 } }), [
      'bob',
      'cid',
      'dan',
    ]);
    assert.deepEqual(
      await one({
        kind: 'points',
        measure: 'accrued',
        period: { op: 'inLast', days: 7 },
        test: { op: 'equals', value: 60 },
      }),
      ['ann'],
    );
    assert.deepEqual(
      await one({ kind: 'points', measure: 'spent', test: { op: 'gte', value: 10 } }),
      ['ann'],
    );
    assert.deepEqual(
      await one({
        kind: 'points',
        measure: 'expiring',
        period: { op: 'inNext', days: 30 },
        test: { op: 'gt', value: 0 },
      }),
      ['ann'],
    );
    assert.deepEqual(
      await one({
        kind: 'points',
        measure: 'expiring',
        period: { op: 'inNext', days: 5 },
        test: { op: 'gt', value: 0 },
      }),
      [],
    );
  });
});
