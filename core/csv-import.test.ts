// What an import makes of headers and rows, before any database is involved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customerRow, eventRow, receiptRow, resolveHeader, rowObject } from './csv-import.ts';

test('headers match loosely; prefixed columns collect into objects', () => {
  const { columns, problems } = resolveHeader('customers', [
    '\uFEFFExternal ID',
    'first_name',
    'E-Mail',
    'Custom.Loyalty Tier',
  ]);
  assert.deepEqual(problems, []);
  assert.deepEqual(columns, ['externalId', 'firstName', 'email', 'custom.Loyalty Tier']);
  const row = customerRow(rowObject(columns, ['c-1', 'Ann', ' ann@example.com ', 'gold']));
  assert.ok('value' in row);
  assert.deepEqual(row.value.custom, { 'Loyalty Tier': 'gold' });
  assert.equal(row.value.email, 'ann@example.com');
});

test('an unknown or missing column is named with what the kind takes', () => {
  const { problems } = resolveHeader('receipts', ['receiptId', 'sku']);
  assert.equal(problems.length, 4);
  assert.match(
    problems[0]!,
    /Unknown column "sku" for receipts: use receiptId, kind, originalReceiptId, externalId/,
  );
  assert.match(problems.join(' '), /needs a "externalId" column/);
  assert.match(problems.join(' '), /needs a "price" column/);
});

test('row problems name the column and the fix', () => {
  const cols = ['externalId', 'type', 'occurredAt', 'properties'];
  const bad = eventRow(rowObject(cols, ['e-1', 'a b', '24/11/2026', '[1]']));
  assert.ok('problems' in bad);
  assert.deepEqual(
    bad.problems.map((p) => p.column),
    ['type', 'occurredAt', 'properties'],
  );
  assert.match(bad.problems[1]!.message, /ISO 8601/);
  const line = receiptRow(
    rowObject(
      ['receiptId', 'externalId', 'occurredAt', 'price', 'quantity', 'currency'],
      ['r-1', 'c-1', '2026-01-01T00:00:00Z', '2.50', '3', 'eur'],
    ),
  );
  assert.ok('value' in line);
  assert.equal(line.value.amount, 7.5);
  assert.equal(line.value.currency, 'EUR');
  const noPrice = receiptRow({
    receiptId: 'r',
    externalId: 'c',
    occurredAt: '2026-01-01T00:00:00Z',
    price: 'ten',
  });
  assert.ok('problems' in noPrice);
  assert.equal(noPrice.problems[0]!.column, 'price');
  assert.match(noPrice.problems[0]!.message, /number such as 12.50/);
});
