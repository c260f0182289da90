// Receipts with their lines. A receipt is stored once per idempotency key and once per external
// ID (a resend updates it); the customer's row is locked for the transaction so that two
// receipts racing for one customer agree on which was the first purchase.
import type { Knex } from 'knex';
import { checkReceiptCustom, placesOf } from '../core/custom-fields.ts';
import { convert } from '../core/currency.ts';
import { badRequest, conflict } from '../core/errors.ts';
import {
  originalProblem,
  type Receipt,
  type ReceiptInput,
  type ReceiptKind,
  receiptAmounts,
} from '../core/receipt.ts';
import type { Db } from './connection.ts';
import { conversionOf } from './currency.ts';
import { cursorTime, decodeCursor, pageOf } from './cursor.ts';
import { listCustomFields, throwProblems } from './custom-fields.ts';
import { refreshCustomerMetrics } from './metrics.ts';

interface ReceiptRow {
  id: string;
  external_id: string | null;
  customer_id: string;
  kind: ReceiptKind;
  original_receipt_id: string | null;
  total: string;
  currency: string;
  original_total: string;
  original_currency: string;
  exchange_rate: string | null;
  store: string | null;
  source: string | null;
  custom: Record<string, unknown>;
  occurred_at: Date;
  idempotency_key: string | null;
}

interface LineRow {
  receipt_id: string;
  product_id: string | null;
  name: string | null;
  category: string | null;
  quantity: string;
  price: string;
  amount: string;
  original_price: string;
  original_amount: string;
  custom: Record<string, unknown>;
}

export type ReceiptStatus = 'created' | 'updated' | 'duplicate';

function toReceipt(r: ReceiptRow, lines: LineRow[]): Receipt {
  return {
    id: r.id,
    customerId: r.customer_id,
    externalId: r.external_id,
    kind: r.kind,
    originalReceiptId: r.original_receipt_id,
    total: Number(r.total),
    currency: r.currency,
    originalTotal: Number(r.original_total),
    originalCurrency: r.original_currency,
    exchangeRate: r.exchange_rate === null ? null : Number(r.exchange_rate),
    store: r.store,
    source: r.source,
    custom: r.custom,
    occurredAt: r.occurred_at.toISOString(),
    lines: lines.map((l) => ({
      productId: l.product_id,
      name: l.name,
      category: l.category,
      quantity: Number(l.quantity),
      price: Number(l.price),
      amount: Number(l.amount),
      originalPrice: Number(l.original_price),
      originalAmount: Number(l.original_amount),
      custom: l.custom,
    })),
  };
}

async function linesOf(db: Db | Knex.Transaction, ids: string[]): Promise<LineRow[]> {
  if (ids.length === 0) return [];
  return db('receipt_lines')
    .whereIn('receipt_id', ids)
    .orderBy(['receipt_id', 'position', 'id'])
    .select<LineRow[]>('*');
}

async function load(db: Db | Knex.Transaction, row: ReceiptRow): Promise<Receipt> {
  return toReceipt(row, await linesOf(db, [row.id]));
}

/** Checks custom values on the receipt and its lines (core/custom-fields.ts); one 400 naming
 * every field, a problem shared by many lines once with their count. */
async function checkCustom(trx: Db | Knex.Transaction, input: ReceiptInput, creating: boolean) {
  const checked = checkReceiptCustom(await listCustomFields(trx), input, creating);
  throwProblems([
    ...checked.problems,
    ...checked.lineProblems.map(({ lines, ...p }) => ({
      ...p,
      message: `${p.message} (${placesOf('lines', lines)}: ${lines.length} of ${input.lines.length})`,
      count: lines.length,
    })),
  ]);
  return { custom: checked.custom, lines: checked.lines };
}

/**
 * What refuses a receipt whoever its customer is (its custom values, its currency's rate), checked
 * before the customer is resolved so that a 400 leaves no customer behind (entry/customer.ts).
 * storeReceipt checks again in its transaction, which is what counts.
 */
export async function precheckReceipt(db: Db, input: ReceiptInput): Promise<void> {
  const existing: unknown =
    input.receiptExternalId &&
    (await db('receipts').where({ external_id: input.receiptExternalId }).first('id'));
  await checkCustom(db, input, !existing);
  await conversionOf(db, input.currency, input.occurredAt);
}

/** The purchase a return names, checked as the CSV import checks it (core/receipt.ts). */
async function resolveOriginal(
  trx: Knex.Transaction,
  customerId: string,
  input: ReceiptInput,
): Promise<string | null> {
  const externalId = input.originalReceiptExternalId;
  if (input.kind !== 'return' || externalId === undefined) return null;
  const row = await trx('receipts')
    .where({ external_id: externalId })
    .first<{ id: string; customer_id: string; kind: string } | undefined>(
      'id',
      'customer_id',
      'kind',
    );
  const problem = originalProblem(
    externalId,
    row && { customerId: row.customer_id, kind: row.kind },
    customerId,
  );
  if (problem)
    throw badRequest(`originalReceiptExternalId: ${problem}`, [
      { field: 'originalReceiptExternalId', message: problem },
    ]);
  return row!.id;
}

/**
 * Stores a receipt for a resolved customer. `firstPurchase` is true when the customer had no
 * other receipt when this one was created. Metrics of the customer are refreshed in the same
 * transaction, so a reader never sees the receipt without it counted. A bulk importer may pass
 * `refreshMetrics: false` and call refreshCustomerMetrics once per batch instead.
 */
export async function upsertReceipt(
  db: Db,
  customerId: string,
  input: ReceiptInput,
  opts: StoreOptions = {},
): Promise<{ receipt: Receipt; status: ReceiptStatus; firstPurchase: boolean }> {
  return storeReceipt(db, customerId, input, opts).catch((err: unknown) => {
    // Two customers' requests racing for one receipt ID or key: the loser hears it plainly.
    if ((err as { code?: string }).code === UNIQUE_VIOLATION)
      throw conflict(
        'Another request stored a receipt with this receiptExternalId or idempotencyKey at the same moment; send it again to see its outcome',
      );
    throw err;
  });
}

const UNIQUE_VIOLATION = '23505';

export interface StoreOptions {
  /** Refresh the customer's metrics in the receipt's transaction (default true). */
  refreshMetrics?: boolean;
}

async function storeReceipt(
  db: Db,
  customerId: string,
  input: ReceiptInput,
  { refreshMetrics = true }: StoreOptions,
): Promise<{ receipt: Receipt; status: ReceiptStatus; firstPurchase: boolean }> {
  return db.transaction(async (trx) => {
    // Same-customer receipts queue here, so the duplicate check and "first purchase" are exact.
    await trx('customers').where({ id: customerId }).forUpdate().first('id');
    if (input.idempotencyKey) {
      const seen = await trx('receipts')
        .where({ idempotency_key: input.idempotencyKey })
        .first<ReceiptRow | undefined>();
      if (seen) {
        const earlier: unknown = await trx('receipts')
          .where({ customer_id: seen.customer_id, kind: 'purchase' })
          .where(
            'created_at',
            '<',
            trx.raw('(select created_at from receipts where id = ?)', [seen.id]),
          )
          .first('id');
        const firstPurchase = seen.kind === 'purchase' && !earlier;
        return { receipt: await load(trx, seen), status: 'duplicate', firstPurchase };
      }
    }
    const existing = input.receiptExternalId
      ? await trx('receipts')
          .where({ external_id: input.receiptExternalId })
          .forUpdate()
          .first<ReceiptRow | undefined>()
      : undefined;
    if (existing && existing.customer_id !== customerId)
      throw conflict(
        `Receipt "${input.receiptExternalId}" belongs to another customer (${existing.customer_id}); a receipt cannot change hands`,
      );
    const { custom, lines: lineCustom } = await checkCustom(trx, input, !existing);
    const { total, lineAmounts } = receiptAmounts(input);
    const money = await conversionOf(trx, input.currency, input.occurredAt);
    const values = {
      customer_id: customerId,
      kind: input.kind,
      original_receipt_id: await resolveOriginal(trx, customerId, input),
      total: convert(total, money.rate),
      currency: money.currency,
      original_total: total,
      original_currency: money.originalCurrency,
      exchange_rate: money.rate,
      store: input.store ?? null,
      source: input.source,
      occurred_at: input.occurredAt,
      updated_at: trx.fn.now(),
    };
    let row: ReceiptRow;
    let firstPurchase = false;
    if (existing) {
      const merged = { ...existing.custom, ...custom };
      [row] = (await trx('receipts')
        .where({ id: existing.id })
        .update({ ...values, custom: JSON.stringify(merged) })
        .returning('*')) as [ReceiptRow];
      await trx('receipt_lines').where({ receipt_id: row.id }).delete();
    } else {
      firstPurchase =
        input.kind === 'purchase' &&
        !(await trx('receipts').where({ customer_id: customerId, kind: 'purchase' }).first('id'));
      [row] = (await trx('receipts')
        .insert({
          ...values,
          external_id: input.receiptExternalId ?? null,
          idempotency_key: input.idempotencyKey ?? null,
          custom: JSON.stringify(custom ?? {}),
        })
        .returning('*')) as [ReceiptRow];
    }
    await insertLines(trx, row, input, { amounts: lineAmounts, rate: money.rate }, lineCustom);
    if (refreshMetrics) await refreshCustomerMetrics(trx, [customerId]);
    const status = existing ? 'updated' : 'created';
    return { receipt: await load(trx, row), status, firstPurchase };
  });
}

async function insertLines(
  trx: Knex.Transaction,
  receipt: ReceiptRow,
  input: ReceiptInput,
  { amounts, rate }: { amounts: number[]; rate: number },
  custom: (Record<string, unknown> | undefined)[],
) {
  if (input.lines.length === 0) return;
  await trx('receipt_lines').insert(
    input.lines.map((l, i) => ({
      receipt_id: receipt.id,
      // The receipt's, which segment counts read on the line (migration 0266).
      customer_id: receipt.customer_id,
      occurred_at: receipt.occurred_at,
      kind: receipt.kind,
      position: i,
      product_id: l.productId ?? null,
      name: l.name ?? null,
      category: l.category ?? null,
      quantity: l.quantity,
      price: convert(l.price, rate),
      amount: convert(amounts[i]!, rate),
      original_price: l.price,
      original_amount: amounts[i],
      custom: JSON.stringify(custom[i] ?? {}),
    })),
  );
}

/** A page of a customer's receipts with their lines, newest first (see db/cursor.ts). */
export async function listReceiptsOf(
  db: Db,
  customerId: string,
  page: { limit: number; before?: string },
): Promise<{ receipts: Receipt[]; next: string | null }> {
  const q = db('receipts')
    .where({ customer_id: customerId })
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit + 1);
  if (page.before) void q.whereRaw('(occurred_at, id) < (?, ?)', decodeCursor(page.before));
  const found = await q.select<(ReceiptRow & { cursor_at: string })[]>(
    '*',
    db.raw(cursorTime('occurred_at')),
  );
  const { rows, next } = pageOf(found, page.limit, (r) => r.cursor_at);
  const lines = await linesOf(
    db,
    rows.map((r) => r.id),
  );
  const receipts = rows.map((r) =>
    toReceipt(
      r,
      lines.filter((l) => l.receipt_id === r.id),
    ),
  );
  return { receipts, next };
}
