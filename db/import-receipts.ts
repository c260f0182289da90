// The CSV import's receipts writer: one row per line, the lines of a receipt on consecutive rows
// (the runner never splits them across chunks). A receipt is checked as the api checks it (its
// custom fields by core/custom-fields.ts, its currency by db/currency.ts, a return's purchase by
// core/receipt.ts) and refused whole, each problem reported once at the first row it concerns.
import type { Knex } from 'knex';
import type { ReceiptImportRow } from '../core/csv-import.ts';
import { convert } from '../core/currency.ts';
import { checkReceiptCustom, placesOf } from '../core/custom-fields.ts';
import { originalProblem } from '../core/receipt.ts';
import { type Conversion, conversionsOf } from './currency.ts';
import { listCustomFields } from './custom-fields.ts';
import { columns, ensureCustomers, type Numbered, type WriteResult } from './import-writers.ts';

type Lines = Numbered<ReceiptImportRow>[];

type Head = ReceiptImportRow & {
  customerId: string;
  total: number;
  original: string | null;
  money: Conversion;
  values: Record<string, unknown> | undefined;
};

/** Stores receipt heads (none of them in Herald yet). */
async function insertHeads(trx: Knex.Transaction, heads: Head[]) {
  if (heads.length === 0) return [];
  const { rows } = await trx.raw<{ rows: { id: string; external_id: string }[] }>(
    `insert into receipts (external_id, customer_id, kind, original_receipt_id, total, currency,
                           original_total, original_currency, exchange_rate, store, occurred_at,
                           custom, source)
     select *, 'import'
     from unnest(?::text[], ?::uuid[], ?::text[], ?::uuid[], ?::numeric[], ?::text[],
                 ?::numeric[], ?::text[], ?::numeric[], ?::text[], ?::timestamptz[], ?::jsonb[])
     on conflict (external_id) do nothing
     returning id, external_id`,
    columns(
      heads.map((h) => h.receiptId),
      heads.map((h) => h.customerId),
      heads.map((h) => h.kind),
      heads.map((h) => h.original),
      heads.map((h) => convert(h.total, h.money.rate)),
      heads.map((h) => h.money.currency),
      heads.map((h) => h.total),
      heads.map((h) => h.money.originalCurrency),
      heads.map((h) => h.money.rate),
      heads.map((h) => h.store ?? null),
      heads.map((h) => h.occurredAt),
      heads.map((h) => JSON.stringify(h.values ?? {})),
    ),
  );
  return rows;
}

/** Stores lines, each converted at its receipt's rate. */
async function insertLines(
  trx: Knex.Transaction,
  lines: (ReceiptImportRow & {
    id: string;
    head: Head;
    position: number;
    rate: number;
    values: unknown;
  })[],
) {
  if (lines.length === 0) return;
  // Each line with its receipt's customer, time and kind, which segment counts read on the line
  // (migration 0266).
  await trx.raw(
    `insert into receipt_lines (receipt_id, position, product_id, name, category, quantity, price,
                                amount, original_price, original_amount, custom, customer_id,
                                occurred_at, kind)
     select * from unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::numeric[],
                          ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::jsonb[],
                          ?::uuid[], ?::timestamptz[], ?::text[])`,
    columns(
      lines.map((l) => l.id),
      lines.map((l) => l.position),
      lines.map((l) => l.productId ?? null),
      lines.map((l) => l.name ?? null),
      lines.map((l) => l.category ?? null),
      lines.map((l) => l.quantity),
      lines.map((l) => convert(l.price, l.rate)),
      lines.map((l) => convert(l.amount, l.rate)),
      lines.map((l) => l.price),
      lines.map((l) => l.amount),
      lines.map((l) => JSON.stringify(l.values ?? {})),
      lines.map((l) => l.head.customerId),
      lines.map((l) => l.head.occurredAt),
      lines.map((l) => l.head.kind),
    ),
  );
}

/** The purchases that returns name, by their external IDs. */
async function originalsOf(trx: Knex.Transaction, externalIds: string[]) {
  if (externalIds.length === 0) return new Map<string, never>();
  const rows = await trx('receipts')
    .whereRaw('external_id = any(?::text[])', [externalIds])
    .select<{ id: string; external_id: string; customer_id: string; kind: string }[]>(
      'id',
      'external_id',
      'customer_id',
      'kind',
    );
  return new Map(
    rows.map((r) => [r.external_id, { id: r.id, customerId: r.customer_id, kind: r.kind }]),
  );
}

/** Receipt IDs of this chunk already in Herald: imported before, so skipped, not failed. */
async function alreadyStored(trx: Knex.Transaction, receiptIds: string[]): Promise<Set<string>> {
  const rows = await trx('receipts')
    .whereRaw('external_id = any(?::text[])', [receiptIds])
    .select<{ external_id: string }[]>('external_id');
  return new Set(rows.map((r) => r.external_id));
}

/** The chunk's receipts, grouped by receipt ID; a line naming another customer is refused. */
function groupReceipts(rows: Lines, result: Required<Omit<WriteResult, 'imported'>>) {
  const receipts = new Map<string, Lines>();
  for (const r of rows) {
    const lines = receipts.get(r.value.receiptId) ?? [];
    const first = lines[0]?.value;
    if (first && first.externalId !== r.value.externalId) {
      result.problems.push({
        row: r.row,
        column: 'externalId',
        message: `receipt ${first.receiptId} belongs to customer ${first.externalId} on its first line; write the same customer on every line`,
      });
      continue;
    }
    lines.push(r);
    receipts.set(r.value.receiptId, lines);
  }
  return receipts;
}

export async function writeReceipts(trx: Knex.Transaction, rows: Lines): Promise<WriteResult> {
  const result = { problems: [], refusedRows: [], customerIds: [] } as Required<
    Omit<WriteResult, 'imported'>
  >;
  const receipts = groupReceipts(rows, result);
  for (const id of await alreadyStored(trx, [...receipts.keys()])) receipts.delete(id);
  /** Refuses a whole receipt for one problem, reported at `row` (its first line by default). */
  const refuse = (lines: Lines, column: string, message: string, row = lines[0]!.row) => {
    result.problems.push({ row, column, message });
    result.refusedRows.push(...lines.map((l) => l.row));
    receipts.delete(lines[0]!.value.receiptId);
  };

  const fields = await listCustomFields(trx);
  const custom = new Map<string, ReturnType<typeof checkReceiptCustom>>();
  for (const lines of [...receipts.values()]) {
    const checked = checkReceiptCustom(
      fields,
      { custom: lines[0]!.value.custom, lines: lines.map((l) => ({ custom: l.value.lineCustom })) },
      true,
    );
    if (checked.problems.length + checked.lineProblems.length === 0) {
      custom.set(lines[0]!.value.receiptId, checked);
      continue;
    }
    for (const p of checked.problems) refuse(lines, p.field, p.message);
    for (const p of checked.lineProblems) {
      const rowsOf = p.lines.map((i) => lines[i]!.row);
      const where = `${placesOf('rows', rowsOf)}: ${rowsOf.length} of the ${lines.length} lines of receipt ${lines[0]!.value.receiptId}`;
      refuse(
        lines,
        p.field.replace('lines.*.custom.', 'lineCustom.'),
        `${p.message} (${where})`,
        rowsOf[0],
      );
    }
  }

  // A receipt in a currency without a rate on its date is refused, as the api refuses it.
  const groups = [...receipts.values()];
  const conversions = await conversionsOf(
    trx,
    groups.map((l) => l[0]!.value),
  );
  const accepted: { lines: Lines; money: Conversion }[] = [];
  groups.forEach((lines, i) => {
    const money = conversions[i]!;
    if ('problem' in money) refuse(lines, 'currency', money.problem);
    else accepted.push({ lines, money });
  });

  const ids = await ensureCustomers(
    trx,
    accepted.map((a) => a.lines[0]!.value.externalId),
  );
  const heads: Head[] = accepted.map(({ lines, money }) => {
    const v = lines[0]!.value;
    const sum = lines.reduce((s, l) => s + l.value.amount, 0);
    return {
      ...v,
      customerId: ids.get(v.externalId)!,
      total: v.total ?? Math.round(sum * 100) / 100,
      original: null,
      money,
      values: custom.get(v.receiptId)!.custom,
    };
  });
  // Purchases and standalone returns first, so that a return may name a purchase of its chunk.
  const created = await insertHeads(
    trx,
    heads.filter((h) => h.originalReceiptId === undefined),
  );
  const returns = heads.filter((h) => h.originalReceiptId !== undefined);
  const originals = await originalsOf(
    trx,
    returns.map((h) => h.originalReceiptId!),
  );
  const refused = new Set<string>();
  for (const h of returns) {
    const original = originals.get(h.originalReceiptId!);
    const problem = originalProblem(h.originalReceiptId!, original, h.customerId);
    if (!problem) h.original = original!.id;
    else {
      refused.add(h.receiptId);
      refuse(receipts.get(h.receiptId)!, 'originalReceiptId', problem);
    }
  }
  created.push(
    ...(await insertHeads(
      trx,
      returns.filter((h) => !refused.has(h.receiptId)),
    )),
  );

  const receiptIds = new Map(created.map((c) => [c.external_id, c.id]));
  const headOf = new Map(heads.map((h) => [h.receiptId, h]));
  const lines = [...receipts].flatMap(([receiptId, group]) => {
    const id = receiptIds.get(receiptId);
    // Stored by another import between our look and our insert: skipped like a re-import.
    if (id === undefined) return [];
    const checked = custom.get(receiptId)!;
    return group.map((l, i) => ({
      ...l.value,
      id,
      head: headOf.get(receiptId)!,
      position: i,
      rate: headOf.get(receiptId)!.money.rate,
      values: checked.lines[i],
    }));
  });
  await insertLines(trx, lines);
  const touched = new Set(
    heads.filter((h) => receiptIds.has(h.receiptId)).map((h) => h.customerId),
  );
  return { imported: lines.length, ...result, customerIds: [...touched] };
}
