// Purchases in a period read from customer_purchases (migration 0260, db/segment-sql/purchases.ts):
// the same answers as counting the receipts themselves, for every period operator and at the
// exact ends of a period; and the table kept right as receipts arrive late, in bulk, change,
// move, turn into returns, are deleted or truncated, or arrive for one customer from two
// transactions at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseSegmentRules } from '../core/segment-rules.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { segmentQuery } from './segment-sql.ts';

let h: Harness;
const DAY = 86_400_000;
const NOW = Date.now();
/** Times fixed once, so that a receipt's time and the expected one are the same instant. */
const ago = (days: number) => new Date(NOW - days * DAY);
const ids: Record<string, string> = {};
/** An instant some receipts happen at exactly, to test the ends of a period. */
const EDGE = new Date(Math.floor(NOW / 1000) * 1000 - 20 * DAY);

before(async () => {
  h = await createHarness();
  for (const name of ['ann', 'bob', 'cid', 'dan', 'eve']) {
    const [c] = await h
      .db('customers')
      .insert({ external_id: name })
      .returning<{ id: string }[]>('id');
    ids[name] = c!.id;
  }
});
after(() => h.close());

const receipt = (name: string, at: Date, total: number, extra: object = {}) => ({
  customer_id: ids[name],
  occurred_at: at,
  total,
  currency: 'USD',
  ...extra,
});

async function purchases(name: string) {
  const row = await h
    .db('customer_purchases')
    .where({ customer_id: ids[name] })
    .first<{ at: Date[]; spent: string[] } | undefined>('at', 'spent');
  return row && { at: row.at.map((d) => d.toISOString()), spent: row.spent.map(Number) };
}

async function match(condition: object, timeZone = 'Asia/Novosibirsk') {
  const parsed = parseSegmentRules({ kind: 'group', match: 'all', children: [condition] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const { rows } = await segmentQuery(h.db, parsed.rules, { timeZone });
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return (rows as { id: string }[]).map((r) => byId[r.id]!).sort();
}

describe('customer_purchases kept with the receipts', () => {
  test('receipts in any order, several customers in one statement, returns left out', async () => {
    await h
      .db('receipts')
      .insert([
        receipt('ann', ago(5), 10.5),
        receipt('ann', ago(400), 20),
        receipt('bob', EDGE, 7.25),
        receipt('ann', EDGE, 1.01),
      ]);
    // Late: older than what ann had; a return is no purchase.
    await h.db('receipts').insert(receipt('ann', ago(800), 3));
    await h.db('receipts').insert(receipt('ann', ago(1), 99, { kind: 'return' }));
    assert.deepEqual(await purchases('ann'), {
      at: [ago(800), ago(400), EDGE, ago(5)].map((d) => d.toISOString()),
      spent: [0, 300, 2300, 2401, 3451],
    });
    assert.deepEqual(await purchases('bob'), { at: [EDGE.toISOString()], spent: [0, 725] });
    assert.equal(await purchases('cid'), undefined);
  });

  test('a change of total, time, kind or customer, and deletes, recompute both sides', async () => {
    await h.db('receipts').where({ customer_id: ids.ann }).where('total', 20).update({ total: 25 });
    await h
      .db('receipts')
      .where({ customer_id: ids.ann })
      .where('total', 3)
      .update({ customer_id: ids.cid });
    await h
      .db('receipts')
      .where({ customer_id: ids.ann })
      .where('total', 10.5)
      .update({ kind: 'return' });
    assert.deepEqual(await purchases('ann'), {
      at: [ago(400), EDGE].map((d) => d.toISOString()),
      spent: [0, 2500, 2601],
    });
    assert.deepEqual(await purchases('cid'), { at: [ago(800).toISOString()], spent: [0, 300] });
    await h.db('receipts').where({ customer_id: ids.cid }).delete();
    assert.deepEqual(await purchases('cid'), { at: [], spent: [0] });
    // A customer deleted takes their row along.
    await h.db('customers').where({ id: ids.cid }).delete();
    delete ids.cid;
    assert.equal(
      await h
        .db('customer_purchases')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r!.n)),
      2,
    );
  });

  test('two transactions adding one customer’s first purchases at once: both counted', async () => {
    const first = await h.db.transaction();
    await first('receipts').insert(receipt('dan', ago(3), 4));
    const second = h.db.transaction(async (trx) => {
      await trx('receipts').insert(receipt('dan', ago(2), 6));
    });
    // The second waits for the first's row lock; commit the first while it waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.commit();
    await second;
    assert.deepEqual(await purchases('dan'), {
      at: [ago(3), ago(2)].map((d) => d.toISOString()),
      spent: [0, 400, 1000],
    });
  });
});

describe('purchases in a period: the same answers as counting the receipts', () => {
  // A store filter every receipt passes sends the condition to the receipts themselves: the
  // answer customer_purchases gives must be theirs, whatever the period, measure and test.
  const periods: object[] = [
    { op: 'ever' },
    { op: 'inLast', days: 30 },
    { op: 'inLast', days: 365 },
    { op: 'moreThanDaysAgo', days: 10 },
    { op: 'inNext', days: 7 },
    { op: 'calendar', period: 'thisYear' },
    { op: 'calendar', period: 'lastMonth' },
    { op: 'on', date: EDGE.toISOString() },
    { op: 'before', date: EDGE.toISOString() },
    { op: 'after', date: EDGE.toISOString() },
    { op: 'before', date: EDGE.toISOString().slice(0, 10) },
    { op: 'after', date: EDGE.toISOString().slice(0, 10) },
    { op: 'dateBetween', from: EDGE.toISOString(), to: EDGE.toISOString() },
    { op: 'dateBetween', from: ago(450).toISOString().slice(0, 10), to: EDGE.toISOString() },
  ];
  const tests: [string, object][] = [
    ['count', { op: 'gte', value: 1 }],
    ['count', { op: 'gte', value: 2 }],
    ['count', { op: 'equals', value: 0 }],
    ['count', { op: 'lt', value: 2 }],
    ['sum', { op: 'gt', value: 20 }],
    ['sum', { op: 'lte', value: 7.25 }],
    ['sum', { op: 'equals', value: 26.01 }],
    ['average', { op: 'between', min: 5, max: 15 }],
    ['average', { op: 'isNotSet' }],
    ['average', { op: 'isSet' }],
  ];

  before(async () => {
    await h.db('receipts').insert([receipt('eve', new Date(EDGE.getTime() + 1), 2)]);
  });

  test('every period operator, measure and test', async () => {
    let matched = 0;
    for (const period of periods)
      for (const [measure, t] of tests) {
        // A count of all time reads the precomputed orders (customer_metrics), not this table.
        if (measure === 'count' && (period as { op: string }).op === 'ever') continue;
        const condition = { kind: 'receipts', measure, test: t, period };
        const viaReceipts = await match({ ...condition, store: { op: 'isNotSet' } });
        const viaPurchases = await match(condition);
        assert.deepEqual(viaPurchases, viaReceipts, JSON.stringify(condition));
        matched += viaPurchases.length;
      }
    assert.ok(matched > 50, `the grid selects someone often enough (${matched})`);
  });

  test('known answers at the ends of a period', async () => {
    const at = (period: object, measure = 'count', t: object = { op: 'gte', value: 1 }) =>
      match({ kind: 'receipts', measure, test: t, period });
    // bob's only purchase is at EDGE, ann's last one too; eve's is a millisecond after it.
    assert.deepEqual(await at({ op: 'before', date: EDGE.toISOString() }), ['ann']);
    assert.deepEqual(await at({ op: 'after', date: EDGE.toISOString() }), ['dan', 'eve']);
    assert.deepEqual(
      await at({ op: 'dateBetween', from: EDGE.toISOString(), to: EDGE.toISOString() }),
      ['ann', 'bob'],
    );
    assert.deepEqual(await at({ op: 'inLast', days: 30 }, 'sum', { op: 'equals', value: 1.01 }), [
      'ann',
    ]);
    assert.deepEqual(await at({ op: 'ever' }, 'average', { op: 'equals', value: 13.005 }), ['ann']);
  });
});
