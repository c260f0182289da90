// CSV imports never lose a row silently (issue 10, finding 7): a NUL byte in a cell or an
// unclosed quote is reported by line, the good rows are imported, and the import ends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

type Report = {
  import: { status: string; rowsDone: number; rowsImported: number; rowsFailed: number };
  errors: { row: number; column: string | null; message: string }[];
};

const stored = async (ids: string[]) =>
  (await h.db('customers').whereIn('external_id', ids).orderBy('external_id')).map(
    (c: { external_id: string }) => c.external_id,
  );

test('a NUL byte in one cell fails that row, naming its column; the good rows are imported', async () => {
  const csv = ['externalId,firstName', 'nul-1,Ann', 'nul-2,B\u0000b', 'nul-3,Cy'].join('\n');
  const report = (await importCsv(h, 'customers', csv)) as Report;
  assert.equal(report.import.status, 'completed');
  assert.equal(report.import.rowsImported, 2);
  assert.equal(report.import.rowsFailed, 1);
  assert.deepEqual(
    report.errors.map((e) => [e.row, e.column]),
    [[3, 'firstName']],
  );
  assert.match(report.errors[0]!.message, /NUL/);
  assert.deepEqual(await stored(['nul-1', 'nul-2', 'nul-3']), ['nul-1', 'nul-3']);
});

test('an unclosed quote reports every line it swallowed; none is lost silently', async () => {
  const csv = [
    'externalId,email',
    'q-1,q1@example.com',
    '"q-2,q2@example.com',
    'q-3,q3@example.com',
    'q-4,q4@example.com',
  ].join('\n');
  const report = (await importCsv(h, 'customers', csv)) as Report;
  assert.equal(report.import.status, 'completed');
  assert.equal(report.import.rowsImported, 1);
  // The three lines read as one cell are each counted, and the report says where the quote opened.
  assert.equal(report.import.rowsFailed, 3);
  assert.equal(report.import.rowsDone, 4);
  assert.deepEqual(
    report.errors.map((e) => e.row),
    [3],
  );
  assert.match(report.errors[0]!.message, /quote opened in line 3 is never closed/);
  assert.match(report.errors[0]!.message, /lines 3 to 5/);
  assert.deepEqual(await stored(['q-1', 'q-2', 'q-3', 'q-4']), ['q-1']);
});

test('a bad closing quote mid-file is reported with its line; the rows around it are imported', async () => {
  const csv = [
    'externalId,email',
    'b-1,b1@example.com',
    'b-2,"b2@exa"mple.com',
    'b-3,b3@example.com',
  ].join('\n');
  const report = (await importCsv(h, 'customers', csv)) as Report;
  assert.equal(report.import.status, 'completed');
  const accounted = report.import.rowsImported + report.import.rowsFailed;
  assert.equal(accounted, 3, JSON.stringify(report));
  assert.ok(
    report.errors.some((e) => e.row === 3 && /line 3/.test(e.message)),
    JSON.stringify(report.errors),
  );
});
