// The 360° profile through the real api, Postgres, Temporal and SMTP: everything Herald knows
// about one customer in one answer, and the customers list's search.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
let customerId: string;
let campaignId: string;

before(async () => {
  h = await createHarness();
  await h.startWorker();
  campaignId = await publishCampaign(
    h,
    'Welcome',
    welcomeGraph(await createTemplate(h, welcomeTemplate)),
  );
  const signup = await h.api('/v1/events', {
    body: {
      type: 'signed_up',
      externalId: 'p360',
      occurredAt: '2026-11-01T09:00:00Z',
      customer: { email: 'ann.profile@example.com', firstName: 'Ann', lastName: 'Lee' },
    },
  });
  customerId = signup.body.customerId as string;
  for (const [i, [type, properties]] of [
    ['page_view', { url: 'https://shop.example/shoes', title: 'Shoes' }],
    ['product_view', { productId: 'sneaker', category: 'shoes' }],
    ['page_view', { url: 'https://shop.example/bags', title: 'Bags' }],
  ].entries())
    await h.api('/v1/events', {
      body: { type, customerId, properties, occurredAt: `2026-11-02T09:0${i}:00Z` },
    });
  await h.api('/v1/points-rules', { body: { kind: 'receipt', name: 'Cashback', percent: 10 } });
  await h.api('/v1/receipts', {
    body: {
      customerId,
      receiptExternalId: 'P-1',
      occurredAt: '2026-11-03T12:00:00Z',
      lines: [{ productId: 'sneaker', name: 'Sneaker', category: 'shoes', price: 80 }],
    },
  });
  await h.smtp.waitFor((m) => m.subject === 'Welcome to Herald Shop, Ann!');
  await eventually(async () =>
    (await h.db('messages').where({ customer_id: customerId, status: 'sent' }).first())
      ? true
      : undefined,
  );
});
after(() => h.close());

describe('GET /v1/customers/{id}/profile', () => {
  test('answers attributes, metrics, receipts, messages, campaigns, points, visits, interests', async () => {
    const res = await h.api(`/v1/customers/${customerId}/profile`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = res.body;
    assert.equal(p.customer.firstName, 'Ann');
    assert.deepEqual(
      p.customer.contacts.map((c: { channel: string }) => c.channel),
      ['email'],
    );
    assert.equal(p.metrics.receiptsCount, 1);
    assert.equal(p.metrics.totalSpent, 80);
    assert.equal(p.metrics.averageCheck, 80);
    // The only buyer is the best of the population on every score.
    assert.deepEqual(p.metrics.rfm, { r: 5, f: 5, m: 5, segment: 'champions' });
    assert.deepEqual(
      p.receipts.receipts.map((r: { externalId: string; lines: { name: string }[] }) => [
        r.externalId,
        r.lines.map((l) => l.name),
      ]),
      [['P-1', ['Sneaker']]],
    );
    assert.deepEqual(
      p.webVisits.map((v: { url: string }) => v.url),
      ['https://shop.example/bags', 'https://shop.example/shoes'],
    );
    assert.deepEqual(p.interests, [{ category: 'shoes', score: 1 }]);
    assert.equal(p.points.balance, 8);
    assert.equal(p.points.ledger[0].reason, 'Cashback: 10% of receipt P-1');

    const [message] = p.messages;
    assert.equal(message.subject, 'Welcome to Herald Shop, Ann!');
    assert.equal(message.campaignName, 'Welcome');
    assert.deepEqual(
      message.history.map((s: { status: string }) => s.status),
      ['sending', 'sent'],
    );
    const [journey] = p.campaigns;
    assert.equal(journey.campaignId, campaignId);
    assert.equal(journey.campaignName, 'Welcome');
    assert.match(journey.temporalUrl, /\/namespaces\/default\/workflows\/journey%3A/);
    assert.ok(journey.temporalUrl.endsWith(encodeURIComponent(journey.workflowId)));
  });

  test('pages the events timeline, newest first, without repeats', async () => {
    // Three events within one millisecond: a cursor cut to milliseconds would skip two.
    await h.db('events').insert(
      ['.123300', '.123200', '.123100'].map((us) => ({
        customer_id: customerId,
        type: 'same_ms',
        occurred_at: `2026-11-01T09:30:00${us}Z`,
      })),
    );
    const first = await h.api(`/v1/customers/${customerId}/profile?limit=3`);
    const types = first.body.events.events.map((e: { type: string }) => e.type);
    assert.deepEqual(types, ['points_accrued', 'purchase', 'page_view']);
    const seen = [...first.body.events.events];
    let next = first.body.events.next as string | null;
    while (next) {
      const page = await h.api(`/v1/customers/${customerId}/events?limit=3&before=${next}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.events);
      next = page.body.next;
    }
    const all = await h.db('events').where({ customer_id: customerId });
    assert.equal(seen.length, all.length);
    assert.equal(new Set(seen.map((e: { id: string }) => e.id)).size, all.length);
    assert.equal(seen.at(-1).type, 'signed_up');
  });

  test('bad IDs and cursors are 400s naming the field; an unknown customer is a 404', async () => {
    const bad = await h.api('/v1/customers/nope/profile');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.problems[0].field, 'id');
    const unknown = await h.api('/v1/customers/00000000-0000-4000-8000-000000000000/profile');
    assert.equal(unknown.status, 404);
    const cursor = await h.api(`/v1/customers/${customerId}/events?before=garbage`);
    assert.equal(cursor.status, 400);
    assert.equal(cursor.body.error.problems[0].field, 'before');
    const limit = await h.api(`/v1/customers/${customerId}/events?limit=5000`);
    assert.equal(limit.body.error.problems[0].field, 'limit');
  });
});

describe('GET /v1/customers/{id}/receipts', () => {
  test('pages receipts newest first, receipts of one moment included', async () => {
    // Three receipts at one instant: paging two at a time must not skip or repeat any of them.
    for (let i = 0; i < 3; i++) {
      const r = await h.api('/v1/receipts', {
        body: {
          customerId,
          receiptExternalId: `same-${i}`,
          occurredAt: '2026-11-05T10:00:00Z',
          total: i + 1,
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = await h.api(
        `/v1/customers/${customerId}/receipts?limit=2${next ? `&before=${next}` : ''}`,
      );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(...page.body.receipts.map((r: { externalId: string }) => r.externalId));
      next = page.body.next;
    } while (next);
    assert.deepEqual(seen.slice(0, 3).sort(), ['same-0', 'same-1', 'same-2']);
    assert.deepEqual(seen.slice(3), ['P-1']);
  });
});

describe('GET /v1/customers', () => {
  test('searches names, emails and external IDs', async () => {
    await h.api('/v1/customers', { body: { externalId: 'other', firstName: 'Bob' } });
    const byName = await h.api('/v1/customers?q=ann%20lee');
    assert.deepEqual(
      byName.body.customers.map((c: { externalId: string }) => c.externalId),
      ['p360'],
    );
    // With the metrics the list shows: P-1 (80) and the three receipts of one moment (1, 2, 3).
    assert.equal(byName.body.customers[0].receiptsCount, 4);
    assert.equal(byName.body.customers[0].totalSpent, 86);
    const byEmail = await h.api('/v1/customers?q=PROFILE@example');
    assert.equal(byEmail.body.total, 1);
    const all = await h.api('/v1/customers?limit=1');
    assert.equal(all.body.total, 2);
    assert.equal(all.body.customers.length, 1);
    const one = await h.api('/v1/customers?externalId=p360');
    assert.equal(one.body.customer.id, customerId);
  });
});
