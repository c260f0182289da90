// CSV import benchmark: 100,000 rows of each kind uploaded through POST /v1/imports and run by a
// worker in its own process (parse, validate, bulk insert in chunks, commit the cursor), timed
// from upload to "completed". Then events through the batch API (POST /v1/events with
// { events: [...] }, 1000 per request) for comparison: those go through ingestEvent one by one.
// Usage: node --import tsx bench/csv-import.ts [rows=100000]
import path from 'node:path';
import pMap from 'p-map';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { startLocalStack } from '../scripts/testing/stack.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';

const ROWS = Number(process.argv[2] ?? 100_000);
const CUSTOMERS = Math.min(ROWS, 20_000);
const cities = ['Berlin', 'London', 'New York', 'Paris', 'Madrid'];

function customersCsv(): string {
  const lines = ['externalId,email,phone,firstName,lastName,city,custom.tier'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `cust-${i},user${i}@example.com,+4930${String(1000000 + i)},Ann${i},Lee,${cities[i % 5]},${i % 3 ? 'gold' : 'silver'}`,
    );
  return lines.join('\n');
}

function eventsCsv(): string {
  const lines = ['externalId,type,occurredAt,idempotencyKey,properties.sku'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `cust-${i % CUSTOMERS},product_view,2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z,ev-${i},SKU-${i % 997}`,
    );
  return lines.join('\n');
}

function receiptsCsv(): string {
  const lines = ['receiptId,externalId,occurredAt,currency,productId,name,category,quantity,price'];
  for (let i = 0; i < ROWS; i++) {
    const receipt = Math.floor(i / 3);
    lines.push(
      `rc-${receipt},cust-${receipt % CUSTOMERS},2026-02-01T12:00:00Z,EUR,p-${i % 500},Item ${i % 500},cat-${i % 20},${1 + (i % 3)},${(i % 50) + 0.99}`,
    );
  }
  return lines.join('\n');
}

async function timeImport(h: Harness, kind: string, csv: string) {
  const t0 = performance.now();
  const res = await fetch(`${h.apiUrl}/v1/imports?kind=${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${h.apiKey}` },
    body: csv,
  });
  const { import: created } = (await res.json()) as { import: { id: string } };
  interface Report {
    status: string;
    rowsFailed: number;
    rowsImported: number;
  }
  const done = await eventually<Report>(async () => {
    const report = (await h.api(`/v1/imports/${created.id}?limit=1`)).body as { import: Report };
    return ['completed', 'failed'].includes(report.import.status) ? report.import : undefined;
  }, 600_000);
  const seconds = (performance.now() - t0) / 1000;
  if (done.status !== 'completed' || done.rowsFailed > 0)
    throw new Error(`${kind} import: ${JSON.stringify(done)}`);
  return { seconds, rate: ROWS / seconds, imported: done.rowsImported };
}

async function batchApi(h: Harness, count: number) {
  const BATCH = 1000;
  const batches = Array.from({ length: Math.ceil(count / BATCH) }, (_, b) =>
    Array.from({ length: Math.min(BATCH, count - b * BATCH) }, (_, i) => ({
      type: 'product_view',
      externalId: `cust-${(b * BATCH + i) % CUSTOMERS}`,
      properties: { sku: `SKU-${i}` },
      idempotencyKey: `api-${b}-${i}`,
    })),
  );
  const t0 = performance.now();
  await pMap(
    batches,
    async (events) => {
      const res = await h.api('/v1/events', { body: { events } });
      if (res.status !== 202) throw new Error(JSON.stringify(res.body).slice(0, 300));
    },
    { concurrency: 2 },
  );
  return count / ((performance.now() - t0) / 1000);
}

const stack = await startLocalStack(path.resolve(import.meta.dirname, '..', '.data', 'bench-csv'));
const h = await createHarness({ ...stack, logLevel: 'warn' });
// The receipts are in EUR: make it the account currency, so they need no exchange rate.
await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'EUR' } });
const worker = await spawnWorker(h);

const customers = await timeImport(h, 'customers', customersCsv());
const events = await timeImport(h, 'events', eventsCsv());
const receipts = await timeImport(h, 'receipts', receiptsCsv());
const apiEvents = await batchApi(h, 20_000);

const line = (kind: string, r: { seconds: number; rate: number }) =>
  `  ${kind.padEnd(10)} ${ROWS} rows in ${r.seconds.toFixed(1)} s: ${r.rate.toFixed(0)} rows/s`;
console.log(`
Herald CSV import: upload to completed, worker in its own process
${line('customers', customers)} (upserted by external ID, contacts assessed)
${line('events', events)}
${line('receipts', receipts)} (${Math.ceil(ROWS / 3)} receipts of 3 lines)
Events through the batch API (POST /v1/events, 1000 per request, 2 clients, no campaigns)
  20000 events: ${apiEvents.toFixed(0)} events/s
`);
worker.kill('SIGINT');
await new Promise((r) => worker.once('exit', r));
await h.close();
await stack.stop();
process.exit(0);
