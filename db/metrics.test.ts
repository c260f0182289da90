// Customer metrics on data with known answers: counts, sums, CLTV, RFM scores and segments,
// interests; the incremental path per receipt agrees with the set-based full recompute.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { getCustomerMetrics, recomputeAllMetrics, refreshCustomerMetrics } from './metrics.ts';
import { updateMetricSettings } from './metric-settings.ts';
import { rankRfm } from './rfm-ranking.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const DAY = 86_400_000;
const YEAR_DAYS = 365.25;
const T = Date.now();
/** An ISO time so many days before the test began. */
const ago = (days: number) => new Date(T - days * DAY).toISOString();
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Customer name → [receipts, amount of each, days since the last]; one receipt a day before it. */
const shoppers = {
  ann: [5, 100, 1],
  bob: [4, 50, 11],
  cid: [3, 30, 50],
  dan: [2, 10, 170],
  eve: [1, 5, 320],
} as const;

const ids: Record<string, string> = {};

async function buy(externalId: string, occurredAt: string, total: number, category = 'shoes') {
  const res = await h.api('/v1/receipts', {
    body: { externalId, occurredAt, lines: [{ productId: 'p', category, price: total }] },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  ids[externalId] = res.body.receipt.customerId as string;
}

const metricsOf = async (name: string) => {
  const res = await h.api(`/v1/customers/${ids[name]}/profile`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.metrics;
};

describe('as receipts arrive', () => {
  before(async () => {
    for (const [name, [n, amount, last]] of Object.entries(shoppers))
      for (let i = n - 1; i >= 0; i--) await buy(name, ago(last + i), amount);
  });

  test('count, total, average check, first and last purchase, days since, CLTV', async () => {
    const ann = await metricsOf('ann');
    assert.equal(ann.receiptsCount, 5);
    assert.equal(ann.totalSpent, 500);
    assert.equal(ann.averageCheck, 100);
    assert.equal(ann.firstPurchaseAt, ago(5));
    assert.equal(ann.lastPurchaseAt, ago(1));
    assert.equal(ann.daysSinceLastPurchase, 1);
    // Five days of tenure count as the minimum, 90: 500 in 90 days is 2,029.17 a year, × 3 years.
    assert.equal(ann.cltv, round2((500 / (90 / YEAR_DAYS)) * 3));
  });

  test('RFM: five customers fill the five quintiles, each in its segment', async () => {
    const got = Object.fromEntries(
      await Promise.all(Object.keys(shoppers).map(async (n) => [n, (await metricsOf(n)).rfm])),
    );
    assert.deepEqual(got, {
      ann: { r: 5, f: 5, m: 5, segment: 'champions' },
      bob: { r: 4, f: 4, m: 4, segment: 'loyal' },
      cid: { r: 3, f: 3, m: 3, segment: 'need_attention' },
      dan: { r: 2, f: 2, m: 2, segment: 'hibernating' },
      eve: { r: 1, f: 1, m: 1, segment: 'lost' },
    });
  });

  test('the full recompute gives the same answers', async () => {
    // CLTV's tenure runs to the scoring date, which moved on: compared on its own below.
    const strip = (rows: Record<string, unknown>[]) =>
      rows.map(({ updated_at: _, cltv: __, ...rest }) => rest);
    const before = strip(await h.db('customer_metrics').orderBy('customer_id').select('*'));
    // As if Bob's receipts were stored while everyone was being recomputed: counted again after.
    await h
      .db('receipts')
      .where({ customer_id: ids.bob })
      .update({ updated_at: h.db.raw("now() + interval '1 hour'") });
    await recomputeAllMetrics(h.db);
    const after = strip(await h.db('customer_metrics').orderBy('customer_id').select('*'));
    assert.deepEqual(after, before);
  });

  test('CLTV: revenue per year of tenure up to the scoring date, × lifetime', async () => {
    await buy('fay', ago(730.5), 100);
    await buy('fay', ago(1), 100);
    const asOf = new Date(T);
    await recomputeAllMetrics(h.db, { asOf });
    // Two orders in two years of tenure: 100 a year, × 3 years.
    assert.equal((await metricsOf('fay')).cltv, 300);
    // One order 325 days ago (tenure past the 90-day minimum): 5 / (325 / 365.25) × 3.
    assert.equal((await metricsOf('eve')).cltv, round2((5 / (320 / YEAR_DAYS)) * 3));
    // Not a multiple of total spent: Dan spent four times Eve's and is worth more than that.
    const dan = await metricsOf('dan');
    assert.equal(dan.cltv, round2((20 / (171 / YEAR_DAYS)) * 3));
  });
});

describe('interests', () => {
  test('weigh purchases (3) against product and category views (1)', async () => {
    await buy('gus', ago(20), 10, 'shoes');
    for (const [type, category] of [
      ['product_view', 'bags'],
      ['product_view', 'bags'],
      ['category_view', 'bags'],
      ['product_view', 'shoes'],
      ['page_view', 'hats'], // not a sign of interest in a category
    ])
      await h.api('/v1/events', {
        body: { type, externalId: 'gus', properties: { category } },
      });
    const profile = await h.api(`/v1/customers/${ids.gus}/profile`);
    assert.deepEqual(profile.body.interests, [
      { category: 'shoes', score: 0.571 },
      { category: 'bags', score: 0.429 },
    ]);
    await refreshCustomerMetrics(h.db, [ids.gus!]);
    assert.deepEqual((await getCustomerMetrics(h.db, ids.gus!)).interests, profile.body.interests);
  });
});

describe('at scale, one receipt is scored against the last ranking', () => {
  test('a new buyer gets the quintiles the full ranking drew', async () => {
    await h.db('customers').delete(); // this population alone: its quintiles are known
    // 1000 buyers: buyer i spent i, i hours after a start two years ago; one receipt each.
    await h.db.raw(
      `
      with c as (
        insert into customers (external_id)
        select 'bulk-' || i from generate_series(1, 1000) i returning id, external_id
      )
      insert into receipts (customer_id, total, occurred_at)
      select id, substr(external_id, 6)::int,
             ?::timestamptz + substr(external_id, 6)::int * interval '1 hour'
      from c`,
      [ago(730)],
    );
    await recomputeAllMetrics(h.db);
    const bulk = await h
      .db('customer_metrics as m')
      .join('customers as c', 'c.id', 'm.customer_id')
      .whereIn('c.external_id', ['bulk-1', 'bulk-200', 'bulk-201', 'bulk-1000'])
      .orderBy('m.total_spent')
      .select('m.m_score');
    assert.deepEqual(
      bulk.map((b) => b.m_score),
      [1, 1, 2, 5],
    );
    // Money boundaries are now 801, 601, 401, 201: a new buyer of 650 is in the fourth
    // quintile, and the newest purchase of all puts its recency on top. Everyone bought once, so
    // frequency is ranked by spend too: fourth again. Exactly what a fresh ranking says.
    await buy('newbie', ago(1), 650);
    const m = await metricsOf('newbie');
    assert.deepEqual(m.rfm, { r: 5, f: 4, m: 4, segment: 'champions' });
    await rankRfm(h.db);
    assert.deepEqual((await metricsOf('newbie')).rfm, m.rfm);
  });
});

describe('the worked example in docs/metrics.md', () => {
  test('scores and segments, then with a 180-day window', async () => {
    await h.db('customers').delete();
    const example = {
      ann: [5, 100, 1, { r: 5, f: 5, m: 5, segment: 'champions' }],
      bob: [1, 90, 1, { r: 4, f: 2, m: 3, segment: 'potential_loyalists' }],
      cid: [2, 30, 50, { r: 3, f: 4, m: 2, segment: 'loyal' }],
      dan: [1, 120, 170, { r: 2, f: 3, m: 4, segment: 'at_risk' }],
      eve: [1, 5, 320, { r: 1, f: 1, m: 1, segment: 'lost' }],
    } as const;
    for (const [name, [n, amount, last]] of Object.entries(example))
      for (let i = n - 1; i >= 0; i--) await buy(name, ago(last + i / 24), amount);
    await recomputeAllMetrics(h.db);
    for (const [name, [, , , rfm]] of Object.entries(example))
      assert.deepEqual((await metricsOf(name)).rfm, rfm, name);
    await updateMetricSettings(h.db, { rfmWindowDays: 180 });
    try {
      await recomputeAllMetrics(h.db);
      const windowed = Object.fromEntries(
        await Promise.all(Object.keys(example).map(async (n) => [n, (await metricsOf(n)).rfm.r])),
      );
      assert.deepEqual(windowed, { ann: 5, bob: 4, cid: 3, dan: 2, eve: 1 });
      assert.equal((await metricsOf('eve')).rfm.segment, 'lapsed');
    } finally {
      await updateMetricSettings(h.db, { rfmWindowDays: null });
    }
  });
});
