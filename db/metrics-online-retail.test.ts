// Known answers from a public data set: 298 customers of the UCI "Online Retail" data
// (db/fixtures/online-retail), imported through the CSV import as a user would, cancellations as
// returns. Every customer's figures must equal what expected.py computed from the definitions,
// with no Herald code: right after the import, then scored as of the day after the data, with
// and without an analysis window.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { updateMetricSettings } from './metric-settings.ts';
import { getCustomerMetrics, recomputeAllMetrics } from './metrics.ts';

const dir = path.join(import.meta.dirname, 'fixtures', 'online-retail');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
  asOf: string;
  windowDays: number;
  receipts: number;
  lines: number;
  customers: Record<string, Record<string, unknown> & { rfm: Rfm; windowedRfm: Rfm }>;
};
type Rfm = { r: number; f: number; m: number; segment: string } | null;

/** The UCI lines as Herald's receipts CSV: a cancellation (C…) is a return of what it cancels. */
function receiptsCsv(): string {
  const rows = parse<Record<string, string>>(readFileSync(path.join(dir, 'lines.csv')), {
    columns: true,
  });
  const out = ['receiptId,externalId,occurredAt,kind,productId,quantity,price'];
  for (const r of rows) {
    const cancelled = r.InvoiceNo!.startsWith('C');
    out.push(
      [
        r.InvoiceNo,
        r.CustomerID,
        `${r.InvoiceDate!.replace(' ', 'T')}Z`,
        cancelled ? 'return' : 'purchase',
        r.StockCode,
        Math.abs(Number(r.Quantity)),
        r.UnitPrice,
      ].join(','),
    );
  }
  return out.join('\n');
}

let h: Harness;
const ids = new Map<string, string>();
before(async () => {
  h = await createHarness();
  await h.startWorker();
  const report = await importCsv(h, 'receipts', receiptsCsv());
  assert.equal(report.import.status, 'completed', JSON.stringify(report.import));
  assert.equal(report.import.rowsFailed, 0, JSON.stringify(report));
  assert.equal(report.import.rowsImported, expected.lines);
  for (const c of await h.db('customers').select('id', 'external_id'))
    ids.set(c.external_id as string, c.id as string);
});
after(() => h.close());

const FIGURES = [
  'receiptsCount',
  'totalSpent',
  'averageCheck',
  'firstPurchaseAt',
  'lastPurchaseAt',
  'returnsCount',
  'returnedAmount',
] as const;

/** Each customer's figures as Herald shows them, beside the expected ones, for one assertion. */
async function compare(
  pick: (m: Awaited<ReturnType<typeof getCustomerMetrics>>) => unknown,
  want: (e: (typeof expected.customers)[string]) => unknown,
) {
  const got: Record<string, unknown> = {};
  const wanted: Record<string, unknown> = {};
  for (const [externalId, e] of Object.entries(expected.customers)) {
    const id = ids.get(externalId);
    assert.ok(id, `customer ${externalId} imported`);
    got[externalId] = pick(await getCustomerMetrics(h.db, id));
    wanted[externalId] = want(e);
  }
  assert.deepEqual(got, wanted);
}

const figures = (m: Record<string, unknown>) => Object.fromEntries(FIGURES.map((k) => [k, m[k]]));

test('right after the import: orders, revenue, average check, purchases and returns', async () => {
  assert.equal(ids.size, Object.keys(expected.customers).length);
  assert.equal(
    await h
      .db('receipts')
      .count('* as n')
      .first()
      .then((r) => Number(r?.n)),
    expected.receipts,
  );
  await compare(figures, figures);
});

test('scored as of the day after the data: CLTV and RFM quintiles', async () => {
  await recomputeAllMetrics(h.db, { asOf: new Date(expected.asOf) });
  await compare(
    (m) => ({ ...figures(m), cltv: m.cltv, rfm: m.rfm }),
    (e) => ({ ...figures(e), cltv: e.cltv, rfm: e.rfm }),
  );
  // Quintiles: 295 customers ordered, 59 to each score.
  const r = await h
    .db('customer_metrics')
    .whereNotNull('r_score')
    .groupBy('r_score')
    .select('r_score')
    .count('* as n')
    .orderBy('r_score');
  assert.deepEqual(
    r.map((x) => Number(x.n)),
    [59, 59, 59, 59, 59],
  );
});

test(`with a ${expected.windowDays}-day window: the customers before it are lapsed`, async () => {
  await updateMetricSettings(h.db, { rfmWindowDays: expected.windowDays });
  await recomputeAllMetrics(h.db, { asOf: new Date(expected.asOf) });
  await compare(
    (m) => m.rfm,
    (e) => e.windowedRfm,
  );
});
