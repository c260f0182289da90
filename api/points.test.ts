// Points through the real api and Postgres: rules that accrue on receipts and events, the
// ledger with its reasons, manual adjustments, expiry, and redeliveries that earn nothing more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../core/config.ts';
import { expirePoints, pointsExpiringSoon } from '../db/points.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import type { ApiDeps } from './deps.ts';
import { pointsEarned } from '../entry/derived.ts';

let h: Harness;
let deps: ApiDeps;
before(async () => {
  h = await createHarness();
  deps = {
    db: h.db,
    temporal: h.temporal,
    log: pino({ level: 'warn' }),
    config: { ...loadConfig(), TEMPORAL_TASK_QUEUE: h.taskQueue },
  };
});
after(() => h.close());

const DAY = 86_400_000;
const pointsOf = async (customerId: string) =>
  (await h.api(`/v1/customers/${customerId}/points`)).body as {
    balance: number;
    ledger: { delta: number; reason: string; remaining: number; expiresAt: string | null }[];
  };
const accruedEvents = (customerId: string) =>
  h.db('events').where({ customer_id: customerId, type: 'points_accrued' }).orderBy('received_at');

describe('rules', () => {
  test('bad rules are refused naming the field', async () => {
    const noKind = await h.api('/v1/points-rules', { body: { name: 'x', percent: 5 } });
    assert.equal(noKind.status, 400);
    assert.equal(noKind.body.error.problems[0].field, 'kind');
    const bad = await h.api('/v1/points-rules', {
      body: { kind: 'event', name: 'loop', eventType: 'points_accrued', amount: 0 },
    });
    assert.deepEqual(bad.body.error.problems.map((p: { field: string }) => p.field).sort(), [
      'amount',
      'eventType',
    ]);
    const zero = await h.api('/v1/points-rules', {
      body: { kind: 'receipt', name: 'none', percent: 0, expiresAfterDays: 1.5 },
    });
    assert.deepEqual(zero.body.error.problems.map((p: { field: string }) => p.field).sort(), [
      'expiresAfterDays',
      'percent',
    ]);
  });
});

describe('accrual', () => {
  let customerId: string;
  before(async () => {
    for (const body of [
      { kind: 'receipt', name: 'Cashback', percent: 5, expiresAfterDays: 30 },
      { kind: 'event', name: 'Review bonus', eventType: 'review', amount: 50 },
    ]) {
      const res = await h.api('/v1/points-rules', { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  });

  test('a receipt earns its share once, announced as points_accrued', async () => {
    const body = {
      externalId: 'pts-1',
      idempotencyKey: 'pts-r1',
      receiptExternalId: 'PR-1',
      occurredAt: '2026-11-20T10:00:00Z',
      total: 200,
    };
    const res = await h.api('/v1/receipts', { body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    customerId = res.body.receipt.customerId as string;
    await h.api('/v1/receipts', { body }); // redelivered
    await h.api('/v1/receipts', { body: { ...body, idempotencyKey: undefined, total: 300 } }); // updated
    const points = await pointsOf(customerId);
    assert.equal(points.balance, 10);
    assert.equal(points.ledger.length, 1);
    assert.equal(points.ledger[0]!.reason, 'Cashback: 5% of receipt PR-1');
    const expires = Date.parse(points.ledger[0]!.expiresAt!);
    assert.ok(Math.abs(expires - (Date.now() + 30 * DAY)) < 60_000);
    const events = await accruedEvents(customerId);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].properties, {
      amount: 10,
      balance: 10,
      reason: 'Cashback: 5% of receipt PR-1',
    });
  });

  test('an event earns the fixed amount of its rule, once per event', async () => {
    const review = await h.api('/v1/events', {
      body: { type: 'review', customerId, properties: { stars: 5 } },
    });
    const event = { id: review.body.id as string, customerId, type: 'review' };
    // Ingestion accrued it already: accruing the same event again earns nothing.
    assert.deepEqual(await pointsEarned(deps, event), []);
    assert.deepEqual(await pointsEarned(deps, { ...event, type: 'signed_up' }), []);
    const points = await pointsOf(customerId);
    assert.equal(points.balance, 60);
    const events = await accruedEvents(customerId);
    assert.deepEqual(events.at(-1).properties, {
      amount: 50,
      balance: 60,
      reason: 'Review bonus: review',
    });
  });

  test('manual adjustments: a reason is required, the balance never goes below zero', async () => {
    const bad = await h.api(`/v1/customers/${customerId}/points`, { body: { amount: 0 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.problems.map((p: { field: string }) => p.field).sort(), [
      'amount',
      'reason',
    ]);
    const tooMuch = await h.api(`/v1/customers/${customerId}/points`, {
      body: { amount: -61, reason: 'redeemed' },
    });
    assert.equal(tooMuch.status, 409);
    assert.match(tooMuch.body.error.message, /balance is 60/);
    const spend = { amount: -25, reason: 'redeemed for a mug', idempotencyKey: 'spend-1' };
    const spent = await h.api(`/v1/customers/${customerId}/points`, { body: spend });
    assert.equal(spent.status, 201, JSON.stringify(spent.body));
    assert.equal(spent.body.balance, 35);
    const again = await h.api(`/v1/customers/${customerId}/points`, { body: spend });
    assert.equal(again.body.duplicate, true);
    assert.equal(again.body.balance, 35);
    // The expiring cashback (10) is spent first, then 15 of the review's 50.
    const ledger = (await pointsOf(customerId)).ledger;
    assert.deepEqual(
      ledger.map((e) => [e.delta, e.remaining, e.reason]),
      [
        [-25, 0, 'redeemed for a mug'],
        [50, 35, 'Review bonus: review'],
        [10, 0, 'Cashback: 5% of receipt PR-1'],
      ],
    );
    const unknown = await h.api('/v1/customers/00000000-0000-4000-8000-000000000000/points');
    assert.equal(unknown.status, 404);
  });
});

describe('expiry', () => {
  test('what is left of an accrual expires on its day, listed beforehand', async () => {
    const res = await h.api('/v1/receipts', {
      body: { externalId: 'pts-2', occurredAt: '2026-11-20T10:00:00Z', total: 100 },
    });
    const customerId = res.body.receipt.customerId as string;
    await h.api(`/v1/customers/${customerId}/points`, {
      body: { amount: -2, reason: 'redeemed' },
    });
    const now = new Date();
    const soon = await pointsExpiringSoon(h.db, now, 31);
    assert.deepEqual(
      soon.filter((s) => s.customerId === customerId).map((s) => s.points),
      [3],
    );
    assert.equal((await pointsExpiringSoon(h.db, now, 29)).length, 0);

    assert.equal((await expirePoints(h.db, new Date(now.getTime() + 29 * DAY))).accruals, 0);
    const expired = await expirePoints(h.db, new Date(now.getTime() + 31 * DAY));
    assert.deepEqual(expired, { accruals: 1, points: 3, customers: 1 });
    const points = await pointsOf(customerId);
    assert.equal(points.balance, 0);
    assert.equal(points.ledger[0]!.delta, -3);
    assert.match(points.ledger[0]!.reason, /^expired/);
    const rerun = await expirePoints(h.db, new Date(now.getTime() + 31 * DAY));
    assert.equal(rerun.accruals, 0);
  });
});
