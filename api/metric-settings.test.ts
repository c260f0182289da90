// The metric settings at /v1/settings/metrics: read, refused with the field named, and changed,
// which recomputes every customer with the new settings (the workflow the answer names).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { metricsOf } from '../scripts/testing/metrics.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

const DAY = 86_400_000;

test('the defaults: all of history, three years, revenue, a quarter', async () => {
  const res = await h.api('/v1/settings/metrics');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.settings, {
    rfmWindowDays: null,
    cltvLifetimeYears: 3,
    cltvGrossMargin: 1,
    cltvMinTenureDays: 90,
  });
  assert.equal((await h.api('/v1/settings/metrics', { key: null })).status, 401);
});

test('bad settings are refused naming the field, and nothing changes', async () => {
  for (const [body, field, words] of [
    [{ cltvGrossMargin: 35 }, 'cltvGrossMargin', /share of revenue, at most 1/],
    [{ rfmWindowDays: 0 }, 'rfmWindowDays', /at least 1 day/],
    [{ rfmWindowDays: 30.5 }, 'rfmWindowDays', /whole number/],
    [{ cltvLifetimeYears: '3' }, 'cltvLifetimeYears', /lifetime in years/],
    [{}, '(body)', /at least one of rfmWindowDays/],
  ] as const) {
    const res = await h.api('/v1/settings/metrics', { method: 'PATCH', body });
    assert.equal(res.status, 400, JSON.stringify(body));
    const problem = res.body.error.problems[0];
    assert.equal(problem.field, field, JSON.stringify(res.body));
    assert.match(problem.message, words);
  }
  assert.equal((await h.api('/v1/settings/metrics')).body.settings.cltvGrossMargin, 1);
});

test('a change recomputes every customer with the new settings', async () => {
  // 300 over 200 days of tenure: 547.88 a year.
  const first = new Date(Date.now() - 200 * DAY).toISOString();
  for (const occurredAt of [first, new Date(Date.now() - DAY).toISOString()]) {
    const res = await h.api('/v1/receipts', {
      body: { externalId: 'cltv-1', occurredAt, total: 150 },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const yearly = 300 / (200 / 365.25);
  const before = await metricsOf(h, 'cltv-1');
  assert.ok(Math.abs(before.cltv! - yearly * 3) < 0.1, `${before.cltv}`);

  const res = await h.api('/v1/settings/metrics', {
    method: 'PATCH',
    body: { cltvLifetimeYears: 2, cltvGrossMargin: 0.4, rfmWindowDays: 100 },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.settings, {
    rfmWindowDays: 100,
    cltvLifetimeYears: 2,
    cltvGrossMargin: 0.4,
    cltvMinTenureDays: 90,
  });
  await h.temporal.workflow.getHandle(res.body.recompute.workflowId).result();
  const after = await metricsOf(h, 'cltv-1');
  assert.ok(Math.abs(after.cltv! - yearly * 2 * 0.4) < 0.1, `${after.cltv}`);
  // One of the two orders is inside the 100-day window.
  const windowed = await h
    .db('customer_metrics as m')
    .join('customers as c', 'c.id', 'm.customer_id')
    .where('c.external_id', 'cltv-1')
    .first('m.rfm_frequency', 'm.receipts_count');
  assert.deepEqual(windowed, { rfm_frequency: 1, receipts_count: 2 });
});
