// Custom fields through the real api: definitions, values checked on every ingestion path with
// errors naming the field, and the profile_updated event an upsert records.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  for (const field of [
    { entity: 'customer', key: 'tier', type: 'list', options: ['silver', 'gold'] },
    { entity: 'customer', key: 'joined', type: 'date' },
    { entity: 'customer', key: 'kids', type: 'number' },
    { entity: 'receipt', key: 'cashier', type: 'text', required: true },
    { entity: 'receipt_line', key: 'organic', type: 'boolean' },
  ]) {
    const res = await h.api('/v1/custom-fields', { body: field });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
});
after(() => h.close());

const fields = (res: { body: { error: { problems: { field: string }[] } } }) =>
  res.body.error.problems.map((p) => p.field).sort();

describe('definitions', () => {
  test('are listed per entity', async () => {
    const res = await h.api('/v1/custom-fields?entity=customer');
    assert.deepEqual(
      res.body.fields.map((f: { key: string; type: string }) => `${f.key}:${f.type}`),
      ['joined:date', 'kids:number', 'tier:list'],
    );
  });

  test('bad definitions and redefinitions are refused', async () => {
    const bad = await h.api('/v1/custom-fields', {
      body: { entity: 'order', key: '1st', type: 'money', options: ['a'] },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(fields(bad), ['entity', 'key', 'type']);
    const again = await h.api('/v1/custom-fields', {
      body: { entity: 'customer', key: 'tier', type: 'text' },
    });
    assert.equal(again.status, 409);
    const options = await h.api('/v1/custom-fields', {
      body: { entity: 'customer', key: 'nick', type: 'text', options: ['x'] },
    });
    assert.deepEqual(fields(options), ['options']);
  });
});

describe('customer values', () => {
  test('are checked on create, upsert and events, naming the field', async () => {
    const create = await h.api('/v1/customers', {
      body: { externalId: 'cf-1', custom: { tier: 'platinum', joined: 'last May', kids: 'two' } },
    });
    assert.equal(create.status, 400);
    assert.deepEqual(fields(create), ['custom.joined', 'custom.kids', 'custom.tier']);
    assert.match(
      create.body.error.message,
      /"platinum" is not an option; use one of "silver", "gold"/,
    );

    const put = await h.api('/v1/customers/external/cf-1', {
      method: 'PUT',
      body: { custom: { kids: true } },
    });
    assert.equal(put.status, 400);
    assert.deepEqual(fields(put), ['custom.kids']);

    const event = await h.api('/v1/events', {
      body: { type: 'signed_up', externalId: 'cf-1', customer: { custom: { joined: 5 } } },
    });
    assert.equal(event.status, 400);
    assert.deepEqual(fields(event), ['custom.joined']);
    assert.equal(await h.db('customers').where({ external_id: 'cf-1' }).first(), undefined);
  });

  test('are coerced from text where the intent is plain, and undefined keys pass', async () => {
    const res = await h.api('/v1/customers/external/cf-2', {
      method: 'PUT',
      body: { custom: { tier: 'gold', joined: '2024-05-01', kids: '2', shoeSize: 'L' } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.customer.custom, {
      tier: ['gold'],
      joined: '2024-05-01',
      kids: 2,
      shoeSize: 'L',
    });
  });
});

describe('receipt values', () => {
  const receipt = (custom: unknown, lineCustom: unknown) => ({
    externalId: 'cf-buyer',
    occurredAt: '2026-11-20T10:00:00Z',
    custom,
    lines: [{ price: 1 }, { price: 2, custom: lineCustom }],
  });

  test('a missing required field and a bad line value are both named', async () => {
    const res = await h.api('/v1/receipts', { body: receipt(undefined, { organic: 'maybe' }) });
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res), ['custom.cashier', 'lines.*.custom.organic']);
    assert.equal((await h.db('receipts')).length, 0);
  });

  test('good values are stored coerced', async () => {
    const res = await h.api('/v1/receipts', {
      body: receipt({ cashier: 'Ann' }, { organic: 'true' }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.receipt.custom, { cashier: 'Ann' });
    assert.deepEqual(res.body.receipt.lines[1].custom, { organic: true });
  });

  test('in a batch, field names carry the index', async () => {
    const res = await h.api('/v1/receipts/batch', {
      body: { receipts: [receipt({ cashier: 'Bo' }, {}), receipt({}, { organic: 1 })] },
    });
    assert.equal(res.status, 207);
    assert.deepEqual(
      res.body.results[1].error.problems.map((p: { field: string }) => p.field).sort(),
      ['receipts.1.custom.cashier', 'receipts.1.lines.*.custom.organic'],
    );
  });
});

describe('profile_updated', () => {
  const updates = async (externalId: string) => {
    const c = await h.db('customers').where({ external_id: externalId }).first();
    return h
      .db('events')
      .where({ customer_id: c.id, type: 'profile_updated' })
      .orderBy('received_at');
  };

  test('one event per changing upsert, with what changed; none on creation or no change', async () => {
    await h.api('/v1/customers/external/pu-1', {
      method: 'PUT',
      body: { firstName: 'Ann', city: 'Berlin', custom: { tier: 'silver' } },
    });
    assert.equal((await updates('pu-1')).length, 0);
    const stored = () => h.db('customers').where({ external_id: 'pu-1' }).first();
    const { updated_at: first } = await stored();
    await h.api('/v1/customers/external/pu-1', {
      method: 'PUT',
      body: { firstName: 'Ann', city: 'Berlin', email: ' ANN@Example.com ' },
    });
    const { updated_at: second } = await stored();
    await h.api('/v1/customers/external/pu-1', {
      method: 'PUT',
      body: { firstName: 'Ann', city: 'Berlin', email: 'ann@example.com' },
    });
    assert.equal(
      (await updates('pu-1')).length,
      1,
      'the email was new; its repeat changes nothing',
    );
    // A repeat writes nothing: the row keeps its version and its time.
    assert.deepEqual((await stored()).updated_at, second);
    assert.notDeepEqual(second, first);
    const res = await h.api('/v1/customers/external/pu-1', {
      method: 'PUT',
      body: { firstName: 'Anna', city: 'Berlin', custom: { tier: 'gold', kids: 1 } },
    });
    assert.equal(res.status, 200);
    const [, event, ...more] = await updates('pu-1');
    assert.equal(more.length, 0);
    assert.deepEqual(event.properties, {
      changed: ['firstName', 'custom.tier', 'custom.kids'],
      before: { firstName: 'Ann', 'custom.tier': ['silver'], 'custom.kids': null },
      after: { firstName: 'Anna', 'custom.tier': ['gold'], 'custom.kids': 1 },
    });
  });
});
