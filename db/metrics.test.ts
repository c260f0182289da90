// Customer metrics on data with known answers: counts, sums, CLTV, RFM quintiles and segments,
// interests; the incremental path per receipt agrees with the set-based full recompute.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { getCustomerMetrics, recomputeAllMetrics, refreshCustomerMetrics } from './metrics.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const DAY = 86_400_000;
const at = (iso: string, plusDays = 0) => new Date(Date.parse(iso) + plusDays * DAY).toISOString();

/** Customer name → [receipts, amount of each, date of the last]; one receipt a day before it. */
const shoppers = {
  ann: [5, 100, '2026-11-20T10:00:00Z'],
  bob: [4, 50, '2026-11-10T10:00:00Z'],
  cid: [3, 30, '2026-10-01T10:00:00Z'],
  dan: [2, 10, '2026-06-01T10:00:00Z'],
  eve: [1, 5, '2026-01-01T10:00:00Z'],
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
      for (let i = n - 1; i >= 0; i--) await buy(name, at(last, -i), amount);
  });

  test('count, total, average check, first and last purchase, days since, CLTV', async () => {
    const ann = await metricsOf('ann');
    assert.equal(ann.receiptsCount, 5);
    assert.equal(ann.totalSpent, 500);
    assert.equal(ann.averageCheck, 100);
    assert.equal(ann.firstPurchaseAt, '2026-11-16T10:00:00.000Z');
    assert.equal(ann.lastPurchaseAt, '2026-11-20T10:00:00.000Z');
    assert.equal(
      ann.daysSinceLastPurchase,
      Math.floor((Date.now() - Date.parse('2026-11-20T10:00:00Z')) / DAY),
    );
    // Tenure under a year counts as one: 500 a year × 3 years.
    assert.equal(ann.cltv, 1500);
    assert.equal((await metricsOf('eve')).cltv, 15);
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
    const before = await h.db('customer_metrics').orderBy('customer_id').select('*');
    // As if Bob's receipts were stored while everyone was being recomputed: counted again after.
    await h
      .db('receipts')
      .where({ customer_id: ids.bob })
      .update({ updated_at: h.db.raw("now() + interval '1 hour'") });
    await recomputeAllMetrics(h.db);
    const after = await h.db('customer_metrics').orderBy('customer_id').select('*');
    const strip = (rows: Record<string, unknown>[]) =>
      rows.map(({ updated_at: _, ...rest }) => rest);
    assert.deepEqual(strip(after), strip(before));
  });

  test('CLTV over a two-year tenure counts receipts per year', async () => {
    await buy('fay', '2024-11-20T00:00:00Z', 100);
    await buy('fay', '2026-11-20T12:00:00Z', 100); // 730.5 days: two years exactly
    assert.equal((await metricsOf('fay')).cltv, 300);
  });
});

describe('interests', () => {
  test('weigh purchases (3) against product and category views (1)', async () => {
    await buy('gus', '2026-11-01T10:00:00Z', 10, 'shoes');
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
    // 1000 buyers: buyer i spent i, at base + i hours; one receipt each.
    await h.db.raw(`
      with c as (
        insert into customers (external_id)
        select 'bulk-' || i from generate_series(1, 1000) i returning id, external_id
      )
      insert into receipts (customer_id, total, occurred_at)
      select id, substr(external_id, 6)::int,
             '2025-01-01T00:00:00Z'::timestamptz + substr(external_id, 6)::int * interval '1 hour'
      from c`);
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
    // Money breakpoints are now 201, 401, 601, 801: a new buyer of 650 is in the fourth
    // quintile, and the newest purchase of all puts its recency on top.
    await buy('newbie', '2026-11-23T10:00:00Z', 650);
    const m = await metricsOf('newbie');
    assert.equal(m.rfm.r, 5);
    assert.equal(m.rfm.f, 1);
    assert.equal(m.rfm.m, 4);
    assert.equal(m.rfm.segment, 'new');
  });
});
