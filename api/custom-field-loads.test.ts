// One check of custom fields on every load path: the same receipts accepted and refused by the
// api, its batch and the CSV import, customers' values alike over the api, webhooks and the CSV
// import; a problem said once per field with the lines it concerns, never once per line; and
// import counts as docs/ingestion.md defines them (a re-imported receipt is skipped, not failed).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { daysAgo } from '../scripts/testing/metrics.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  for (const field of [
    { entity: 'customer', key: 'kids', type: 'number' },
    { entity: 'receipt', key: 'cashier', type: 'text', required: true },
    { entity: 'receipt_line', key: 'size', type: 'text', required: true },
    { entity: 'receipt_line', key: 'organic', type: 'boolean' },
  ]) {
    const res = await h.api('/v1/custom-fields', { body: field });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
});
after(() => h.close());

const LINES = 21;
const at = daysAgo(3);

/** Three receipts: good; without `size` on all 21 lines; no cashier and one bad `organic`. */
function receipts(tag: string) {
  const lines = (custom: (i: number) => object) =>
    Array.from({ length: LINES }, (_, i) => ({ productId: `p-${i}`, price: 1, custom: custom(i) }));
  return [
    {
      externalId: `${tag}-ann`,
      receiptExternalId: `${tag}-good`,
      occurredAt: at,
      custom: { cashier: 'Ann' },
      lines: lines(() => ({ size: 'M' })),
    },
    {
      externalId: `${tag}-bob`,
      receiptExternalId: `${tag}-nosize`,
      occurredAt: at,
      custom: { cashier: 'Bob' },
      lines: lines(() => ({})),
    },
    {
      externalId: `${tag}-cy`,
      receiptExternalId: `${tag}-mixed`,
      occurredAt: at,
      lines: lines((i) => ({ size: 'S', ...(i === 2 && { organic: 'maybe' }) })),
    },
  ];
}

type Problem = { field: string; message: string; count?: number };

describe('receipts', () => {
  test('over the api: one problem per field, with the lines it concerns', async () => {
    const [good, noSize, mixed] = receipts('api');
    assert.equal((await h.api('/v1/receipts', { body: good })).status, 201);
    const res = await h.api('/v1/receipts', { body: noSize });
    assert.equal(res.status, 400);
    const problems = res.body.error.problems as Problem[];
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.field, 'lines.*.custom.size');
    assert.equal(problems[0]!.count, LINES);
    assert.match(
      problems[0]!.message,
      /size is required; send a text \(lines 0, 1, 2, 3, 4 and 16 more: 21 of 21\)/,
    );
    const mixedRes = await h.api('/v1/receipts', { body: mixed });
    assert.deepEqual(
      (mixedRes.body.error.problems as Problem[]).map((p) => [p.field, p.count]),
      [
        ['custom.cashier', undefined],
        ['lines.*.custom.organic', 1],
      ],
    );
    assert.match(mixedRes.body.error.problems[1].message, /send true or false \(line 2: 1 of 21\)/);
  });

  test('in a batch: each receipt once, and the batch once per field', async () => {
    const [good, noSize, mixed] = receipts('batch');
    const more = Array.from({ length: 9 }, (_, i) => ({
      ...noSize!,
      receiptExternalId: `batch-nosize-${i}`,
    }));
    const res = await h.api('/v1/receipts/batch', {
      body: { receipts: [good, noSize, mixed, ...more] },
    });
    assert.equal(res.status, 207, JSON.stringify(res.body).slice(0, 500));
    assert.equal(res.body.accepted, 1);
    assert.equal(res.body.rejected, 11);
    const itemProblems = res.body.results
      .filter((r: { status: string }) => r.status === 'rejected')
      .flatMap((r: { error: { problems: Problem[] } }) => r.error.problems);
    assert.equal(itemProblems.length, 10 + 2); // not 10 × 21 + 2
    assert.equal(res.body.results[1].error.problems[0].field, 'receipts.1.lines.*.custom.size');
    assert.deepEqual(
      (res.body.problems as Problem[]).map((p) => [p.field, p.count]),
      [
        ['receipts.*.lines.*.custom.size', 10],
        ['receipts.*.custom.cashier', 1],
        ['receipts.*.lines.*.custom.organic', 1],
      ],
    );
  });

  test('the CSV import accepts and refuses the same receipts, and a re-import skips', async () => {
    const header =
      'receiptId,externalId,occurredAt,productId,price,custom.cashier,lineCustom.size,lineCustom.organic';
    const rows = receipts('csv').flatMap((r) =>
      r.lines.map((l) => {
        const c = l.custom as { size?: string; organic?: string };
        return [
          r.receiptExternalId,
          r.externalId,
          r.occurredAt,
          l.productId,
          l.price,
          r.custom?.cashier ?? '',
          c.size ?? '',
          c.organic ?? '',
        ].join(',');
      }),
    );
    const csv = [header, ...rows].join('\n');
    const first = await importCsv(h, 'receipts', csv);
    assert.equal(first.import.status, 'completed');
    assert.equal(first.import.rowsImported, LINES);
    assert.equal(first.import.rowsFailed, 2 * LINES);
    assert.equal(first.import.rowsSkipped, 0);
    const errors = first.errors as { row: number; column: string; message: string }[];
    assert.deepEqual(
      errors.map((e) => [e.row, e.column]),
      [
        [2 + LINES, 'lineCustom.size'],
        [2 + 2 * LINES, 'custom.cashier'],
        [2 + 2 * LINES + 2, 'lineCustom.organic'],
      ],
    );
    assert.match(errors[0]!.message, /size is required.*21 of the 21 lines of receipt csv-nosize/);
    const stored = await h.db('receipts').where({ external_id: 'csv-good' }).first();
    assert.deepEqual(stored.custom, { cashier: 'Ann' });
    const line = await h.db('receipt_lines').where({ receipt_id: stored.id, position: 0 }).first();
    assert.deepEqual(line.custom, { size: 'M' });

    const again = await importCsv(h, 'receipts', csv);
    assert.equal(again.import.rowsImported, 0);
    assert.equal(again.import.rowsSkipped, LINES);
    assert.equal(again.import.rowsFailed, 2 * LINES);
    assert.equal(
      await h
        .db('receipts')
        .where({ external_id: 'csv-good' })
        .count()
        .first()
        .then((c) => Number(c!.count)),
      1,
    );
  });
});

describe('customers', () => {
  test('the api, a webhook and the CSV import refuse and coerce the same values', async () => {
    const source = await h.api('/v1/webhook-sources', { body: { name: 'crm', authMode: 'token' } });
    const hook = (body: object) =>
      fetch(`${h.apiUrl}/v1/webhooks/crm`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${source.body.token}`,
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const event = (externalId: string, kids: unknown) => ({
      type: 'signed_up',
      externalId,
      customer: { custom: { kids } },
    });

    const api = await h.api('/v1/events', { body: event('cf-api', 'two') });
    const webhook = await hook(event('cf-hook', 'two'));
    const csv = await importCsv(h, 'customers', 'externalId,custom.kids\ncf-csv,two\ncf-csv2,2');
    for (const refused of [api, webhook]) {
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body.error.problems, [
        { field: 'custom.kids', message: 'send a number such as 42 or 9.5' },
      ]);
    }
    assert.deepEqual(csv.errors, [
      { row: 2, column: 'custom.kids', message: 'send a number such as 42 or 9.5' },
    ]);
    assert.equal(csv.import.rowsImported, 1);
    assert.equal(csv.import.rowsFailed, 1);

    assert.equal((await hook(event('cf-hook', '2'))).status, 202);
    const kids = await h
      .db('customers')
      .whereIn('external_id', ['cf-api', 'cf-hook', 'cf-csv', 'cf-csv2'])
      .orderBy('external_id')
      .select('external_id', h.db.raw("custom->'kids' as kids"));
    assert.deepEqual(
      kids.map((k) => [k.external_id, k.kids]),
      [
        ['cf-csv2', 2],
        ['cf-hook', 2],
      ],
    );
  });
});
