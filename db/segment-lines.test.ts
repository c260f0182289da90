// Receipt lines carry their receipt's customer, time and kind (migration 0266): given by the
// ingestion path, filled by a trigger for a line written without them, kept right as receipts
// are corrected (time, kind: through the ingestion path and by a direct update) and moved to
// another customer (a merge), and as a line moves to another receipt; and the receipt-lines condition, which reads
// them (db/segment-sql/lines.ts), answers as the receipts themselves do, for every name test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ReceiptInput } from '../core/receipt.ts';
import { parseSegmentRules } from '../core/segment-rules.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { upsertReceipt } from './receipts.ts';
import { segmentQuery } from './segment-sql.ts';

let h: Harness;
const DAY = 86_400_000;
const NOW = Date.now();
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();
const ids: Record<string, string> = {};

before(async () => {
  h = await createHarness();
  for (const name of ['ann', 'bob', 'cid']) {
    const [c] = await h
      .db('customers')
      .insert({ external_id: name })
      .returning<{ id: string }[]>('id');
    ids[name] = c!.id;
  }
});
after(() => h.close());

/** Stores a receipt through the ingestion path (a second call with its ID corrects it). */
const store = (name: string, receiptExternalId: string, at: string, extra: object = {}) =>
  upsertReceipt(
    h.db,
    ids[name]!,
    ReceiptInput.parse({
      customerId: ids[name],
      receiptExternalId,
      occurredAt: at,
      lines: [
        { name: 'Mint Toothpaste 75 ml', price: 3 },
        { name: 'Toothbrush', price: 2 },
      ],
      ...extra,
    }),
  );

/** Each line of a receipt as (customer, time, kind), beside its receipt's. */
async function keys(receiptExternalId: string) {
  const rows = await h
    .db('receipt_lines as l')
    .join('receipts as r', 'r.id', 'l.receipt_id')
    .where('r.external_id', receiptExternalId)
    .select<{ lc: string; lt: Date; lk: string; rc: string; rt: Date; rk: string }[]>(
      'l.customer_id as lc',
      'l.occurred_at as lt',
      'l.kind as lk',
      'r.customer_id as rc',
      'r.occurred_at as rt',
      'r.kind as rk',
    );
  assert.equal(rows.length, 2);
  for (const r of rows) assert.deepEqual([r.lc, r.lt, r.lk], [r.rc, r.rt, r.rk]);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return { customer: byId[rows[0]!.lc], at: rows[0]!.lt.toISOString(), kind: rows[0]!.lk };
}

async function match(condition: object) {
  const parsed = parseSegmentRules({ kind: 'group', match: 'all', children: [condition] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const { rows } = await segmentQuery(h.db, parsed.rules, { timeZone: 'Europe/Berlin' });
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return (rows as { id: string }[]).map((r) => byId[r.id]!).sort();
}

const toothpasteTwice = {
  kind: 'receiptLines',
  name: { op: 'contains', value: 'toothpaste' },
  test: { op: 'gte', value: 2 },
  period: { op: 'inLast', days: 30 },
};

describe('receipt lines keep their receipt’s customer, time and kind', () => {
  test('stored, corrected through ingestion and by hand, merged into another customer', async () => {
    await store('ann', 'r1', ago(3));
    await store('ann', 'r2', ago(40));
    assert.deepEqual(await keys('r1'), { customer: 'ann', at: ago(3), kind: 'purchase' });
    assert.deepEqual(await match(toothpasteTwice), []);

    // Corrected through ingestion: the second purchase happened within the period after all.
    await store('ann', 'r2', ago(10));
    assert.deepEqual(await keys('r2'), { customer: 'ann', at: ago(10), kind: 'purchase' });
    assert.deepEqual(await match(toothpasteTwice), ['ann']);

    // Corrected by hand: a return is no purchase; then a purchase again, at another time.
    await h.db('receipts').where({ external_id: 'r2' }).update({ kind: 'return' });
    assert.deepEqual(await keys('r2'), { customer: 'ann', at: ago(10), kind: 'return' });
    assert.deepEqual(await match(toothpasteTwice), []);
    await h
      .db('receipts')
      .where({ external_id: 'r2' })
      .update({ kind: 'purchase', occurred_at: ago(5) });
    assert.deepEqual(await keys('r2'), { customer: 'ann', at: ago(5), kind: 'purchase' });
    assert.deepEqual(await match(toothpasteTwice), ['ann']);

    // A merge: ann's receipts become bob's, lines and all.
    await h.db('receipts').where({ customer_id: ids.ann }).update({ customer_id: ids.bob });
    assert.deepEqual(await keys('r1'), { customer: 'bob', at: ago(3), kind: 'purchase' });
    assert.deepEqual(await keys('r2'), { customer: 'bob', at: ago(5), kind: 'purchase' });
    assert.deepEqual(await match(toothpasteTwice), ['bob']);

    // A line written without the keys (a bulk SQL load) takes its receipt's.
    await h.db('receipt_lines').insert({
      receipt_id: h.db('receipts').select('id').where({ external_id: 'r1' }),
      name: 'Toothpaste refill',
      price: 1,
      amount: 1,
    });
    const loaded = await h
      .db('receipt_lines')
      .where({ name: 'Toothpaste refill' })
      .first<{ customer_id: string; occurred_at: Date; kind: string }>();
    assert.deepEqual(
      [loaded.customer_id, loaded.occurred_at.toISOString(), loaded.kind],
      [ids.bob, ago(3), 'purchase'],
    );

    // A line naming no receipt is refused as the foreign key refuses it.
    await assert.rejects(
      h.db('receipt_lines').insert({
        receipt_id: '00000000-0000-4000-8000-000000000000',
        price: 1,
        amount: 1,
      }),
      { code: '23503' },
    );

    // A line moved to another receipt takes that receipt's keys.
    await store('cid', 'r3', ago(100));
    await h
      .db('receipt_lines')
      .whereIn('receipt_id', h.db('receipts').select('id').where({ external_id: 'r1' }))
      .update({
        receipt_id: h.db('receipts').select('id').where({ external_id: 'r3' }),
      });
    const moved = await h
      .db('receipt_lines')
      .whereIn('receipt_id', h.db('receipts').select('id').where({ external_id: 'r3' }))
      .select<{ customer_id: string; occurred_at: Date }[]>('customer_id', 'occurred_at');
    assert.equal(moved.length, 5);
    for (const l of moved)
      assert.deepEqual([l.customer_id, l.occurred_at.toISOString()], [ids.cid, ago(100)]);
  });

  test('every name test answers as the lines themselves do, lines without a name included', async () => {
    await store('cid', 'r4', ago(2), { lines: [{ price: 1 }, { name: '', price: 1 }] });
    await store('ann', 'r5', ago(1), { lines: [{ name: 'Dental floss', price: 1 }] });
    const tests = [
      { op: 'equals', value: 'Toothbrush' },
      { op: 'notEquals', value: 'Toothbrush' },
      { op: 'in', values: ['toothbrush', 'Toothbrush'] },
      { op: 'notIn', values: ['Toothbrush'] },
      { op: 'contains', value: 'TOOTH' },
      { op: 'notContains', value: 'paste' },
      { op: 'startsWith', value: 'mint' },
      { op: 'isSet' },
      { op: 'isNotSet' },
    ];
    for (const name of tests) {
      const condition = { kind: 'receiptLines', name, period: { op: 'ever' } };
      const expected = await h.db.raw<{ rows: { customer_id: string }[] }>(
        `select distinct r.customer_id from receipt_lines l join receipts r on r.id = l.receipt_id
         where r.kind = 'purchase' and ${
           {
             equals: `l.name = 'Toothbrush'`,
             notEquals: `l.name is distinct from 'Toothbrush'`,
             in: `l.name in ('toothbrush', 'Toothbrush')`,
             notIn: `l.name is distinct from 'Toothbrush'`,
             contains: `lower(l.name) like '%tooth%'`,
             notContains: `not coalesce(lower(l.name) like '%paste%', false)`,
             startsWith: `lower(l.name) like 'mint%'`,
             isSet: `coalesce(l.name, '') <> ''`,
             isNotSet: `coalesce(l.name, '') = ''`,
           }[name.op]
         }`,
      );
      const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
      assert.deepEqual(
        await match(condition),
        expected.rows.map((r) => byId[r.customer_id]!).sort(),
        name.op,
      );
    }
  });
});
