// CSV imports: the stored upload, its progress and row errors, and the runner. The runner reads
// the file in chunks; each chunk's rows, its errors and the advanced cursor commit in one
// transaction, so an import killed halfway resumes after its last committed chunk and never
// stores a row twice. Bulk imports store data only: they do not start campaigns.
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import {
  customerRow,
  eventRow,
  type ImportKind,
  receiptRow,
  resolveHeader,
  rowObject,
  type RowProblem,
} from '../core/csv-import.ts';
import { unstorable } from '../core/storable-text.ts';
import type { Db } from './connection.ts';
import { refreshCustomerMetrics } from './metrics.ts';
import { rankRfm } from './rfm-ranking.ts';
import { writeReceipts } from './import-receipts.ts';
import { type Numbered, writeCustomers, writeEvents, type WriteResult } from './import-writers.ts';

export interface ImportRow {
  id: string;
  kind: ImportKind;
  file_name: string | null;
  status: 'queued' | 'running' | 'completed' | 'failed';
  rows_total: number | null;
  rows_done: number;
  line_done: number;
  rows_imported: number;
  rows_failed: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const SUMMARY = [
  'id',
  'kind',
  'file_name',
  'status',
  'rows_total',
  'rows_done',
  'line_done',
  'rows_imported',
  'rows_failed',
  'error',
  'created_at',
  'started_at',
  'finished_at',
];

export function toImport(row: ImportRow) {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.file_name ?? undefined,
    status: row.status,
    rowsTotal: row.rows_total ?? undefined,
    rowsDone: row.rows_done,
    rowsImported: row.rows_imported,
    rowsFailed: row.rows_failed,
    /** Rows already in Herald (a known idempotency key): skipped, not failed. */
    rowsSkipped: Math.max(0, row.rows_done - row.rows_imported - row.rows_failed),
    progress: row.rows_total ? Math.min(1, row.rows_done / row.rows_total) : 0,
    error: row.error ?? undefined,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString(),
    finishedAt: row.finished_at?.toISOString(),
  };
}

export async function createImport(
  db: Db,
  input: { kind: ImportKind; fileName?: string; content: Buffer },
): Promise<ImportRow> {
  const [row] = await db('imports')
    .insert({ kind: input.kind, file_name: input.fileName ?? null, content: input.content })
    .returning<ImportRow[]>(SUMMARY);
  return row!;
}

export async function getImport(db: Db, id: string): Promise<ImportRow | undefined> {
  return db('imports').where({ id }).first<ImportRow | undefined>(SUMMARY);
}

export async function listImports(db: Db, limit = 50): Promise<ImportRow[]> {
  return db('imports').orderBy('created_at', 'desc').limit(limit).select<ImportRow[]>(SUMMARY);
}

export async function importErrors(db: Db, id: string, offset = 0, limit = 100) {
  return db('import_errors')
    .where({ import_id: id })
    .orderBy('id')
    .offset(offset)
    .limit(limit)
    .select<{ row: number; column: string | null; message: string }[]>('row', 'column', 'message');
}

/** The whole error report as CSV (row, column, message), read in pages by ID. */
export async function writeImportErrorsCsv(db: Db, id: string, out: Writable): Promise<void> {
  async function* pages() {
    for (let after = 0; ;) {
      const page = await db('import_errors')
        .where({ import_id: id })
        .andWhere('id', '>', after)
        .orderBy('id')
        .limit(5000)
        .select<{ id: string; row: number; column: string | null; message: string }[]>(
          'id',
          'row',
          'column',
          'message',
        );
      if (page.length === 0) return;
      yield* page;
      after = Number(page.at(-1)!.id);
    }
  }
  const csv = stringify({ header: true, columns: ['row', 'column', 'message'] });
  await pipeline(Readable.from(pages()), csv, out);
}

type Validate = (row: Record<string, string>) => { value: unknown } | { problems: RowProblem[] };
type Store = (trx: Knex.Transaction, rows: Numbered<never>[]) => Promise<WriteResult>;
const handlers: Record<ImportKind, { validate: Validate; store: Store }> = {
  customers: { validate: customerRow, store: writeCustomers as Store },
  events: { validate: eventRow, store: writeEvents as Store },
  receipts: { validate: receiptRow, store: writeReceipts as Store },
};

const parserOptions = {
  bom: true,
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
  info: true,
} as const;

/**
 * The number of data rows, counted as line breaks: instant even for large files, where a
 * second parse would cost as much as a third of the import. A quoted field with a line break
 * makes it an overestimate; the total is corrected when the import completes.
 */
function estimateRows(content: Buffer): number {
  let lines = 0;
  for (let i = content.indexOf(10); i !== -1; i = content.indexOf(10, i + 1)) lines++;
  if (content.length > 0 && content[content.length - 1] !== 10) lines++;
  return Math.max(0, lines - 1);
}

/** Lines the parser could not read as a record, and why. */
interface Skip {
  from: number;
  to: number;
  message: string;
}

/** Why lines were not imported, with the fix: the parser's own words name the wrong line. */
function skipMessage(
  err: { code?: string; message?: string } | undefined,
  from: number,
  to: number,
) {
  const lines = from === to ? `line ${from}` : `lines ${from} to ${to}`;
  if (err?.code === 'CSV_QUOTE_NOT_CLOSED')
    return `unreadable CSV: a quote opened in line ${from} is never closed, so ${lines} were read as one cell and not imported; close the quote (write "" for a quote inside a quoted cell)`;
  return `unreadable CSV in ${lines}: ${err?.message ?? 'bad row'}; fix the quoting of this row`;
}

interface Line {
  line: number;
  cells: string[];
}

export interface RunOptions {
  chunkSize?: number;
  /** Called after each committed chunk (the activity heartbeats here). */
  onChunk?: (row: ImportRow) => void | Promise<void>;
}

/** Runs (or resumes) an import to its end. */
export async function runImport(db: Db, id: string, opts: RunOptions = {}): Promise<ImportRow> {
  const chunkSize = opts.chunkSize ?? 2000;
  const found = await db('imports')
    .where({ id })
    .first<(ImportRow & { content: Buffer }) | undefined>();
  if (!found) throw new Error(`import ${id} not found`);
  if (found.status === 'completed' || found.status === 'failed') return found;
  const { content, kind } = found;
  const rowsTotal = found.rows_total ?? estimateRows(content);
  await db('imports')
    .where({ id })
    .update({
      status: 'running',
      rows_total: rowsTotal,
      started_at: db.raw('coalesce(started_at, now())'),
    });

  const { validate, store } = handlers[kind];
  let cursor = found.line_done;
  let columns: string[] | undefined;
  /** Lines the parser could not read, from the line after the last record it gave. */
  let skipped: Skip[] = [];
  /** The last line of the last record the parser gave: a skip spans the lines after it. */
  let lastRecordLine = cursor;
  /** Validates a chunk: its good rows, and the problems of the others (CPU only). */
  const prepare = (chunk: Line[], from: number, final = false) => {
    const last = Math.max(chunk.at(-1)?.line ?? from, ...(final ? skipped.map((s) => s.to) : []));
    const skips = skipped.filter((s) => s.to <= last);
    skipped = skipped.filter((s) => s.to > last);
    const problems: (RowProblem & { row: number })[] = skips.map((s) => ({
      row: s.from,
      column: null,
      message: s.message,
    }));
    // Every line of a skip is a row not imported; each skip's first line is in `problems`.
    const unreadable = skips.reduce((n, s) => n + s.to - s.from + 1, 0);
    const good: Numbered<unknown>[] = [];
    for (const { line, cells } of chunk) {
      const bad = cells.findIndex((c) => unstorable(c) !== undefined);
      if (bad !== -1) {
        problems.push({
          row: line,
          column: columns![bad] ?? null,
          message: `${unstorable(cells[bad]!)} from this cell`,
        });
        continue;
      }
      if (cells.length !== columns!.length) {
        problems.push({
          row: line,
          column: null,
          message: `this row has ${cells.length} cells but the header has ${columns!.length}; check for a missing or extra delimiter`,
        });
        continue;
      }
      const r = validate(rowObject(columns!, cells));
      if ('value' in r) good.push({ row: line, value: r.value });
      else problems.push(...r.problems.map((p) => ({ row: line, ...p })));
    }
    return {
      from,
      last,
      rows: chunk.length + unreadable,
      extraFailed: unreadable - skips.length,
      good,
      problems,
    };
  };
  /** Stores a prepared chunk with its errors and the advanced cursor, in one transaction. */
  const write = async (c: ReturnType<typeof prepare>) => {
    await db.transaction(async (trx) => {
      // A chunk lost to a database crash loses its cursor with it and is simply read again, so
      // the commit need not wait for the disk: bulk loads go markedly faster.
      await trx.raw('set local synchronous_commit = off');
      const written = c.good.length > 0 ? await store(trx, c.good as Numbered<never>[]) : undefined;
      const problems = [...c.problems, ...(written?.problems ?? [])];
      if (problems.length > 0)
        await trx.batchInsert(
          'import_errors',
          problems.map((p) => ({
            import_id: id,
            row: p.row,
            column: p.column,
            message: p.message,
          })),
          1000,
        );
      const advanced = await trx('imports')
        .where({ id, line_done: c.from })
        .update({
          line_done: c.last,
          rows_done: trx.raw('rows_done + ?', [c.rows]),
          rows_imported: trx.raw('rows_imported + ?', [written?.imported ?? 0]),
          rows_failed: trx.raw('rows_failed + ?', [
            new Set([...problems.map((p) => p.row), ...(written?.refusedRows ?? [])]).size +
              c.extraFailed,
          ]),
        });
      // Another runner got here first (a retry racing a slow attempt): keep its work, not ours.
      if (advanced !== 1) throw new Error(`import ${id} advanced elsewhere; stopping this run`);
      // Receipts change counts and totals, events change interests: the chunk's customers are
      // recounted in its own transaction, so a profile never shows an imported row uncounted.
      // RFM is ranked once, when the file is done: chunks score against the last breakpoints.
      if (kind !== 'customers')
        await refreshCustomerMetrics(trx, written?.customerIds ?? [], { deferRanking: true });
    });
    const now = await getImport(db, id);
    await opts.onChunk?.(now!);
  };
  // One chunk is written while the next is parsed and validated: Node's CPU work and
  // Postgres's overlap. Writes stay strictly in order, so the cursor only moves forward.
  let writing: Promise<void> = Promise.resolve();
  const commit = async (chunk: Line[], final = false) => {
    const prepared = prepare(chunk, cursor, final);
    cursor = prepared.last;
    await writing;
    writing = write(prepared);
    writing.catch(() => undefined); // awaited by the next commit or at the end
  };

  try {
    const parser = parse(content, {
      ...parserOptions,
      // Called as each record is read, before the loop below sees it: a skip follows it in order.
      on_record: (record: string[], context: { lines: number }) => {
        lastRecordLine = context.lines;
        return record;
      },
      // A record the parser cannot read is reported with the lines it spans, never dropped: an
      // unclosed quote swallows every line after it, and each is counted as failed.
      on_skip: (err: (Error & { code?: string; lines?: number }) | undefined) => {
        const to = Number((err as { lines?: number } | undefined)?.lines ?? 0);
        const from = lastRecordLine + 1;
        lastRecordLine = Math.max(lastRecordLine, to);
        if (to <= cursor) return undefined; // reported by an earlier run
        skipped.push({ from, to, message: skipMessage(err, from, to) });
        return undefined;
      },
    });
    let chunk: Line[] = [];
    for await (const { info, record } of parser as AsyncIterable<{
      info: { lines: number };
      record: string[];
    }>) {
      if (!columns) {
        const header = resolveHeader(kind, record);
        if (header.problems.length > 0) return await finish(db, id, header.problems.join(' '));
        columns = header.columns;
        continue;
      }
      if (info.lines <= cursor) continue; // committed by an earlier run
      const receiptGroup =
        kind === 'receipts' &&
        chunk.length > 0 &&
        sameReceipt(columns, chunk.at(-1)!.cells, record);
      if (chunk.length >= chunkSize && !receiptGroup) {
        await commit(chunk);
        chunk = [];
      }
      chunk.push({ line: info.lines, cells: record });
    }
    if (!columns)
      return await finish(db, id, 'The file is empty: send a header row and data rows.');
    if (chunk.length > 0 || skipped.length > 0) await commit(chunk, true);
    await writing;
    // A bulk load of receipts ends with a fresh ranking, before it reports itself completed.
    if (kind === 'receipts') await rankRfm(db);
    return await finish(db, id);
  } catch (err) {
    await writing.catch(() => undefined);
    if ((err as { code?: string }).code?.startsWith('CSV_'))
      return finish(
        db,
        id,
        `The file could not be read past line ${cursor}: ${(err as Error).message}`,
      );
    throw err;
  }
}

function sameReceipt(columns: string[], a: string[], b: string[]): boolean {
  const i = columns.indexOf('receiptId');
  return a[i]?.trim() === b[i]?.trim();
}

async function finish(db: Db, id: string, error?: string): Promise<ImportRow> {
  const [row] = await db('imports')
    .where({ id })
    .update({
      status: error ? 'failed' : 'completed',
      error: error ?? null,
      // The file may hold personal data: once imported (or refused) it is not kept.
      content: Buffer.alloc(0),
      // The estimate becomes the count (see estimateRows).
      ...(!error && { rows_total: db.raw('rows_done') }),
      finished_at: db.fn.now(),
    })
    .returning<ImportRow[]>(SUMMARY);
  return row!;
}
