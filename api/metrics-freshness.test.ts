// Metrics are fresh after every load path: a profile read right after a single receipt, a batch
// or a CSV import shows the new receipts counted and the customer scored, with no recompute.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { daysAgo, metricsOf as metricsOfCustomer } from '../scripts/testing/metrics.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

const metricsOf = (externalId: string) => metricsOfCustomer(h, externalId);

test('a CSV import is counted as soon as it completes', async () => {
  const csv = [
    'receiptId,externalId,occurredAt,productId,quantity,price',
    `fresh-1,fresh-ann,${daysAgo(3)},p-1,2,10`,
    `fresh-1,fresh-ann,${daysAgo(3)},p-2,1,5`,
    `fresh-2,fresh-ann,${daysAgo(1)},p-1,1,10`,
    `fresh-3,fresh-bob,${daysAgo(2)},p-3,1,7.5`,
  ].join('\n');
  const report = await importCsv(h, 'receipts', csv);
  assert.equal(report.import.status, 'completed');
  const ann = await metricsOf('fresh-ann');
  assert.equal(ann.receiptsCount, 2);
  assert.equal(ann.totalSpent, 35);
  assert.notEqual(ann.rfm, null);
  const bob = await metricsOf('fresh-bob');
  assert.equal(bob.receiptsCount, 1);
  assert.equal(bob.totalSpent, 7.5);
});

test('a single receipt and a batch are counted in the same request', async () => {
  const one = await h.api('/v1/receipts', {
    body: { externalId: 'fresh-cy', occurredAt: daysAgo(1), total: 12 },
  });
  assert.equal(one.status, 201, JSON.stringify(one.body));
  assert.equal((await metricsOf('fresh-cy')).totalSpent, 12);
  const batch = await h.api('/v1/receipts/batch', {
    body: {
      receipts: [
        { externalId: 'fresh-cy', occurredAt: daysAgo(0.5), total: 8 },
        { externalId: 'fresh-dee', occurredAt: daysAgo(0.5), total: 3 },
      ],
    },
  });
  assert.equal(batch.status, 200, JSON.stringify(batch.body));
  const cy = await metricsOf('fresh-cy');
  assert.equal(cy.receiptsCount, 2);
  assert.equal(cy.totalSpent, 20);
  assert.equal((await metricsOf('fresh-dee')).receiptsCount, 1);
});
