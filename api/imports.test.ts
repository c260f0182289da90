// CSV imports through the real api, a real worker (Temporal) and Postgres: good rows in, bad rows
// reported by row, column and fix, re-imports that duplicate nothing, receipts with lines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';

let h: Harness;

before(async () => {
  h = await createHarness();
  // These receipts are in EUR: the account's currency, so no rate is needed.
  await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'EUR' } });
  await h.startWorker();
});
after(() => h.close());

describe('customers', () => {
  test('good rows are stored, bad rows reported by row, column and fix', async () => {
    const csv = [
      'External ID,email,phone,First Name,city,timeZone,custom.tier',
      'c-1,ANN@Example.com,+49 30 1234567,Ann,Berlin,,gold',
      'c-2,not-an-email,,Bob,,,',
      'c-3,cy@example.com,,Cy,,Mars/Olympus,',
      ',nobody@example.com,,,,,',
      'c-5,eve@example.com,,Eve,,,silver,extra',
      'c-6,"dee@example.com",(212) 555-0100,Dee,New York,America/New_York,',
    ].join('\n');
    const report = await importCsv(h, 'customers', csv);
    assert.equal(report.import.status, 'completed');
    assert.equal(report.import.rowsTotal, 6);
    assert.equal(report.import.rowsDone, 6);
    assert.equal(report.import.rowsImported, 2);
    assert.equal(report.import.rowsFailed, 4);
    const byRow = Object.fromEntries(
      report.errors.map((e: { row: number }) => [e.row, e]),
    ) as Record<number, { column: string | null; message: string }>;
    assert.equal(byRow[3]!.column, 'email');
    assert.match(byRow[3]!.message, /valid email/);
    assert.equal(byRow[4]!.column, 'timeZone');
    assert.match(byRow[4]!.message, /IANA/);
    assert.equal(byRow[5]!.column, 'externalId');
    assert.match(byRow[6]!.message, /8 cells but the header has 7/);
    const download = await fetch(`${h.apiUrl}/v1/imports/${report.import.id}/errors.csv`, {
      headers: { authorization: `Bearer ${h.apiKey}` },
    });
    assert.match(download.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await download.text()).trim().split('\n');
    assert.equal(lines[0], 'row,column,message');
    assert.equal(lines.length, 5);
    assert.match(lines[1]!, /^3,email,"use a valid email/);

    const ann = await h.db('customers').where({ external_id: 'c-1' }).first();
    assert.equal(ann.email, 'ann@example.com');
    assert.equal(ann.phone, '+49301234567');
    assert.equal(ann.time_zone, 'Europe/Berlin');
    assert.deepEqual(ann.custom, { tier: 'gold' });
    assert.equal(ann.source, 'import');
    const contacts = await h.db('contacts').where({ customer_id: ann.id }).orderBy('channel');
    assert.deepEqual(
      contacts.map((c) => [c.channel, c.address]),
      [
        ['email', 'ann@example.com'],
        ['sms', '+49301234567'],
      ],
    );
    const dee = await h.db('customers').where({ external_id: 'c-6' }).first();
    assert.equal(dee.phone, '+12125550100');
    assert.equal(dee.time_zone_source, 'given');
  });

  test('a second import updates by external ID, keeps what it leaves empty', async () => {
    const report = await importCsv(
      h,
      'customers',
      'externalId,lastName,custom.vip\nc-1,Smith,yes\n',
    );
    assert.equal(report.import.rowsImported, 1);
    const rows = await h.db('customers').where({ external_id: 'c-1' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].first_name, 'Ann');
    assert.equal(rows[0].last_name, 'Smith');
    assert.equal(rows[0].email, 'ann@example.com');
    assert.deepEqual(rows[0].custom, { tier: 'gold', vip: 'yes' });
  });

  test('an unknown column fails the import before any row, naming the columns it takes', async () => {
    const report = await importCsv(h, 'customers', 'externalId,shoeSize\nx-1,42\n');
    assert.equal(report.import.status, 'failed');
    assert.match(report.import.error, /Unknown column "shoeSize".*custom\.<name>/);
    assert.equal(await h.db('customers').where({ external_id: 'x-1' }).first(), undefined);
  });

  test('a kind it does not know is a 400 naming the field', async () => {
    const res = await fetch(`${h.apiUrl}/v1/imports?kind=orders`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${h.apiKey}` },
      body: 'a\n1\n',
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { problems: { field: string }[] } };
    assert.equal(body.error.problems[0]!.field, 'kind');
  });
});

describe('events', () => {
  test('are stored without starting campaigns; a re-import skips known keys', async () => {
    const welcomeId = await publishCampaign(
      h,
      'Welcome',
      welcomeGraph(await createTemplate(h, welcomeTemplate)),
    );
    const csv = [
      'externalId,type,occurredAt,idempotencyKey,properties,properties.sku',
      'e-1,signed_up,2026-01-02T10:00:00Z,k-1,"{""plan"":""pro""}",',
      'e-1,viewed,2026-01-02T11:00:00Z,k-2,,A1',
      'e-2,bad type,2026-01-02T11:00:00Z,k-3,,',
      'e-2,viewed,yesterday,k-4,,',
      'e-2,viewed,,k-5,{oops,',
    ].join('\n');
    const report = await importCsv(h, 'events', csv);
    assert.equal(report.import.rowsImported, 2);
    assert.deepEqual(
      report.errors.map((e: { row: number; column: string }) => [e.row, e.column]),
      [
        [4, 'type'],
        [5, 'occurredAt'],
        [6, 'properties'],
      ],
    );
    const events = await h
      .db('events')
      .join('customers', 'customers.id', 'events.customer_id')
      .where('customers.external_id', 'e-1')
      .orderBy('occurred_at')
      .select('events.*');
    assert.deepEqual(
      events.map((e) => [e.type, e.properties, e.source]),
      [
        ['signed_up', { plan: 'pro' }, 'import'],
        ['viewed', { sku: 'A1' }, 'import'],
      ],
    );
    assert.equal((await h.db('campaign_entries').where({ campaign_id: welcomeId })).length, 0);

    const again = await importCsv(h, 'events', csv);
    assert.equal(again.import.rowsImported, 0);
    assert.equal(again.import.rowsSkipped, 2);
    assert.equal((await h.db('events').whereIn('idempotency_key', ['k-1', 'k-2'])).length, 2);
  });
});

describe('receipts', () => {
  test('one row per line become receipts with lines and totals', async () => {
    const csv = [
      'receiptId,externalId,occurredAt,currency,store,productId,name,category,quantity,price',
      'r-1,buyer-1,2026-03-01T12:00:00Z,eur,Berlin,p-1,Tea,drinks,2,3.50',
      'r-1,buyer-1,2026-03-01T12:00:00Z,eur,Berlin,p-2,Cake,food,1,4.25',
      'r-2,buyer-2,2026-03-02T12:00:00Z,EUR,Berlin,p-1,Tea,drinks,1,3.50',
      'r-3,buyer-2,2026-03-02T12:00:00Z,EUR,Berlin,p-9,Jam,food,two,3.00',
      'r-4,buyer-3,2026-03-03T12:00:00Z,EUR,,p-1,Tea,drinks,1,3.50',
      'r-4,buyer-9,2026-03-03T12:00:00Z,EUR,,p-2,Cake,food,1,4.25',
    ].join('\n');
    const report = await importCsv(h, 'receipts', csv);
    assert.equal(report.import.status, 'completed');
    assert.equal(report.import.rowsImported, 4);
    assert.deepEqual(
      report.errors.map((e: { row: number; column: string }) => [e.row, e.column]),
      [
        [5, 'quantity'],
        [7, 'externalId'],
      ],
    );
    const r1 = await h.db('receipts').where({ external_id: 'r-1' }).first();
    assert.equal(Number(r1.total), 11.25);
    assert.equal(r1.currency, 'EUR');
    const lines = await h.db('receipt_lines').where({ receipt_id: r1.id }).orderBy('id');
    assert.deepEqual(
      lines.map((l) => [l.product_id, Number(l.quantity), Number(l.amount)]),
      [
        ['p-1', 2, 7],
        ['p-2', 1, 4.25],
      ],
    );
    // Each line carries its receipt's customer, time and kind (migration 0266).
    for (const l of lines)
      assert.deepEqual(
        [l.customer_id, l.occurred_at, l.kind],
        [r1.customer_id, r1.occurred_at, r1.kind],
      );
    const buyer = await h.db('customers').where({ external_id: 'buyer-1' }).first();
    assert.equal(r1.customer_id, buyer.id);

    const again = await importCsv(h, 'receipts', csv);
    assert.equal(again.import.rowsImported, 0);
    assert.equal((await h.db('receipt_lines').where({ receipt_id: r1.id })).length, 2);
  });
});
