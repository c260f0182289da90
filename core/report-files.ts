// A report as files: its answer cut into tables (each list a table, the single figures a
// "summary" one), written as CSV (the tables one after another, each under its name) or as an
// XLSX workbook with a sheet per table.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

type Scalar = string | number | boolean | null;
export interface Table {
  name: string;
  columns: string[];
  rows: Scalar[][];
}

const isScalar = (v: unknown): v is Scalar =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** An object's scalars by dotted path ({ a: { b: 1 } } gives "a.b"). */
function flatten(value: unknown, prefix = '', into: Record<string, Scalar> = {}) {
  if (isScalar(value) || value === undefined) into[prefix || 'value'] = value ?? null;
  else if (Array.isArray(value)) into[prefix] = JSON.stringify(value);
  else for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  return into;
}

export function tablesOf(answer: object): Table[] {
  const summary: Record<string, Scalar> = {};
  const tables: Table[] = [];
  for (const [key, value] of Object.entries(answer)) {
    if (Array.isArray(value)) {
      const rows = value.map((v) => flatten(v));
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      tables.push({ name: key, columns, rows: rows.map((r) => columns.map((c) => r[c] ?? null)) });
    } else Object.assign(summary, flatten(value, key));
  }
  if (Object.keys(summary).length > 0)
    tables.unshift({
      name: 'summary',
      columns: ['figure', 'value'],
      rows: Object.entries(summary),
    });
  return tables;
}

export function toCsv(tables: Table[]): string {
  return tables
    .map((t) => stringify([[t.name], t.columns, ...t.rows], { cast: { boolean: String } }))
    .join('\n');
}

export async function toXlsx(tables: Table[], title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Herald';
  book.title = title;
  for (const t of tables) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const sheet = book.addWorksheet(t.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31));
    sheet.addRow(t.columns).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row);
    // An empty table has no columns: exceljs then has none to size.
    for (const c of sheet.columns ?? []) c.width = 18;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
