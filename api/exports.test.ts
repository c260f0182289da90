// CSV exports: on demand through the api, and on a Temporal Schedule writing into EXPORT_DIR.
import { parse } from 'csv-parse/sync';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../core/config.ts';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
const schedule = `test-${randomUUID().slice(0, 8)}`;
const folder = path.resolve(loadConfig().exportDir, schedule);

before(async () => {
  h = await createHarness();
  await h.startWorker();
  await importCsv(
    h,
    'customers',
    'externalId,email,firstName,birthDate,custom.tier\nx-1,one@example.com,"Ann, Jr.",1990-04-30,gold\nx-2,two@example.com,Bob,,\n',
  );
  await importCsv(
    h,
    'receipts',
    'receiptId,externalId,occurredAt,price,quantity,productId\nxr-1,x-1,2026-04-01T10:00:00Z,2.5,2,p-1\nxr-1,x-1,2026-04-01T10:00:00Z,1,1,p-2\n',
  );
  await h.api('/v1/events', {
    body: {
      type: 'viewed',
      externalId: 'x-2',
      properties: { sku: 'A "1"' },
      occurredAt: '2026-04-02T00:00:00Z',
    },
  });
  await h.api('/v1/events', {
    body: { type: 'viewed', externalId: 'x-2', occurredAt: '2025-01-01T00:00:00Z' },
  });
});
after(async () => {
  rmSync(folder, { recursive: true, force: true });
  await h.close();
});

async function download(file: string) {
  const res = await fetch(`${h.apiUrl}/v1/exports/${file}`, {
    headers: { authorization: `Bearer ${h.apiKey}` },
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}
const rowsOf = (text: string) => parse<Record<string, string>>(text, { columns: true });

test('customers, receipts and events download as CSV', async () => {
  const customers = await download('customers.csv');
  assert.equal(customers.status, 200);
  assert.match(customers.type!, /text\/csv/);
  const ann = rowsOf(customers.text).find((r) => r.externalId === 'x-1')!;
  assert.equal(ann.firstName, 'Ann, Jr.');
  assert.equal(ann.birthDate, '1990-04-30');
  assert.deepEqual(JSON.parse(ann.custom!), { tier: 'gold' });
  assert.ok(!Number.isNaN(Date.parse(ann.createdAt!)));

  const receipts = rowsOf((await download('receipts.csv')).text);
  assert.deepEqual(
    receipts.map((r) => [
      r.receiptId,
      r.externalId,
      r.productId,
      Number(r.amount),
      Number(r.total),
    ]),
    [
      ['xr-1', 'x-1', 'p-1', 5, 6],
      ['xr-1', 'x-1', 'p-2', 1, 6],
    ],
  );

  const events = rowsOf((await download('events?from=2026-01-01T00:00:00Z')).text);
  assert.equal(events.length, 1);
  assert.deepEqual(JSON.parse(events[0]!.properties!), { sku: 'A "1"' });
  assert.equal(events[0]!.occurredAt, '2026-04-02T00:00:00.000Z');

  const bad = await h.api('/v1/exports/orders.csv');
  assert.equal(bad.status, 400);
  const noKey = await h.api('/v1/exports/customers.csv', { key: null });
  assert.equal(noKey.status, 401);
});

test('a schedule writes the files into the export folder', async () => {
  const created = await h.api('/v1/exports/schedules', {
    body: { name: schedule, kinds: ['customers', 'events'], everyHours: 24 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  try {
    const dup = await h.api('/v1/exports/schedules', {
      body: { name: schedule, kinds: ['customers'], cron: '0 3 * * *' },
    });
    assert.equal(dup.status, 409);
    const both = await h.api('/v1/exports/schedules', {
      body: { name: 'x', kinds: ['customers'], cron: '0 3 * * *', everyHours: 1 },
    });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.problems[0].field, 'everyHours');

    assert.equal(
      (await h.api(`/v1/exports/schedules/${schedule}/trigger`, { method: 'POST' })).status,
      202,
    );
    const files = await eventually(() => {
      const names = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.csv')) : [];
      return Promise.resolve(names.length === 2 ? names.sort() : undefined);
    }, 30_000);
    assert.match(files[0]!, /^customers-.*\.csv$/);
    assert.match(files[1]!, /^events-.*\.csv$/);
    const customers = rowsOf(readFileSync(path.join(folder, files[0]!), 'utf8'));
    assert.deepEqual(customers.map((c) => c.externalId).sort(), ['x-1', 'x-2']);
    const events = rowsOf(readFileSync(path.join(folder, files[1]!), 'utf8'));
    assert.equal(events.length, 2);
  } finally {
    assert.equal(
      (await h.api(`/v1/exports/schedules/${schedule}`, { method: 'DELETE' })).status,
      204,
    );
  }
  assert.equal(
    (await h.api(`/v1/exports/schedules/${schedule}`, { method: 'DELETE' })).status,
    404,
  );
});

test('a large export crosses pages without losing or repeating a row', async () => {
  // Imported in one statement per chunk: many rows share a received time to the microsecond.
  const lines = ['externalId,type,occurredAt'];
  for (let i = 0; i < 12_000; i++) lines.push(`bulk-${i % 7},bulk,2026-06-01T00:00:0${i % 3}Z`);
  await importCsv(h, 'events', lines.join('\n'));
  const events = rowsOf((await download('events.csv')).text).filter((e) => e.type === 'bulk');
  assert.equal(events.length, 12_000);
  assert.equal(new Set(events.map((e) => e.id)).size, 12_000);
  const customers = rowsOf((await download('customers.csv')).text);
  assert.equal(new Set(customers.map((c) => c.id)).size, customers.length);
});
