// What a CSV import accepts: the columns of each kind, and one row turned into a value or into
// problems that name the column and the fix. Pure; db/imports.ts parses files and stores rows.
// Headers are matched loosely ("First Name", "first_name" and "firstName" are one column), so
// that a spreadsheet exported by hand imports without renaming.
import { z } from 'zod';
import { CreateCustomer } from './customer.ts';
import { EventType } from './event.ts';
import { NEGATIVE_AMOUNT, ORIGINAL_NEEDS_RETURN, ReceiptKind } from './receipt.ts';

export const ImportKind = z.enum(['customers', 'events', 'receipts'], {
  message: 'use kind "customers", "events" or "receipts"',
});
export type ImportKind = z.infer<typeof ImportKind>;

export interface RowProblem {
  column: string | null;
  message: string;
}

interface KindSpec {
  columns: readonly string[];
  required: readonly string[];
  /** Columns "<prefix>.<name>" collect into one object each (custom fields, event properties). */
  prefixes?: readonly string[];
}

/** The standard attributes, in the API's names: import columns, and export columns too. */
export const customerColumns = [
  'externalId',
  'email',
  'phone',
  'firstName',
  'lastName',
  'gender',
  'birthDate',
  'city',
  'timeZone',
  'locale',
] as const;

export const importKinds: Record<ImportKind, KindSpec> = {
  customers: { columns: customerColumns, required: ['externalId'], prefixes: ['custom'] },
  events: {
    columns: ['externalId', 'type', 'occurredAt', 'idempotencyKey', 'properties'],
    required: ['externalId', 'type'],
    prefixes: ['properties'],
  },
  receipts: {
    columns: [
      'receiptId',
      'kind',
      'originalReceiptId',
      'externalId',
      'occurredAt',
      'currency',
      'store',
      'total',
      'productId',
      'name',
      'category',
      'quantity',
      'price',
      'amount',
    ],
    required: ['receiptId', 'externalId', 'occurredAt', 'price'],
    // The receipt's custom fields (read from its first row) and each line's.
    prefixes: ['custom', 'lineCustom'],
  },
};

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');

/** Each header cell resolved to a column name, or the problems that make the file unreadable. */
export function resolveHeader(
  kind: ImportKind,
  header: string[],
): { columns: string[]; problems: string[] } {
  const spec = importKinds[kind];
  const known = new Map(spec.columns.map((c) => [squash(c), c]));
  const problems: string[] = [];
  const columns = header.map((cell) => {
    const trimmed = cell.trim().replace(/^\uFEFF/, '');
    const dot = trimmed.indexOf('.');
    const prefix = spec.prefixes?.find(
      (p) => dot > 0 && squash(trimmed.slice(0, dot)) === squash(p),
    );
    if (prefix) return `${prefix}.${trimmed.slice(dot + 1)}`;
    const column = known.get(squash(trimmed));
    if (!column) {
      const extra = spec.prefixes
        ? `, or ${spec.prefixes.map((p) => `"${p}.<name>"`).join(' or ')} for your own fields`
        : '';
      problems.push(
        `Unknown column "${trimmed}" for ${kind}: use ${spec.columns.join(', ')}${extra}.`,
      );
    }
    return column ?? trimmed;
  });
  for (const r of spec.required)
    if (!columns.includes(r)) problems.push(`The file needs a "${r}" column for ${kind}.`);
  return { columns, problems };
}

/** A row as column → cell; empty cells are left out (an empty cell changes nothing). */
export function rowObject(columns: string[], cells: string[]): Record<string, string> {
  const row: Record<string, string> = {};
  columns.forEach((c, i) => {
    const v = cells[i]?.trim();
    if (v) row[c] = v;
  });
  return row;
}

function collect(row: Record<string, string>, prefix: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row))
    if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function zodRowProblems(error: z.ZodError): RowProblem[] {
  return error.issues.map((i) => ({
    column: i.path.length > 0 ? i.path.map(String).join('.') : null,
    message: i.message,
  }));
}

export type CustomerImportRow = z.infer<typeof CreateCustomer> & { externalId: string };

export function customerRow(
  row: Record<string, string>,
): { value: CustomerImportRow } | { problems: RowProblem[] } {
  const { externalId, ...rest } = row;
  if (!externalId)
    return { problems: [{ column: 'externalId', message: "fill in the customer's external ID" }] };
  const input: Record<string, unknown> = { externalId, custom: collect(row, 'custom') };
  for (const c of customerColumns) if (rest[c] !== undefined) input[c] = rest[c];
  const parsed = CreateCustomer.safeParse(input);
  if (!parsed.success) return { problems: zodRowProblems(parsed.error) };
  return { value: { ...parsed.data, externalId } };
}

const isoTime = z.iso.datetime({
  offset: true,
  message: 'use an ISO 8601 time such as "2026-11-24T10:00:00Z"',
});

export interface EventImportRow {
  externalId: string;
  type: string;
  occurredAt?: string;
  idempotencyKey?: string;
  properties: Record<string, unknown>;
}

const EventRowSchema = z.object({
  externalId: z.string().max(200),
  type: EventType,
  occurredAt: isoTime.optional(),
  idempotencyKey: z.string().max(200).optional(),
});

export function eventRow(
  row: Record<string, string>,
): { value: EventImportRow } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const parsed = EventRowSchema.safeParse(row);
  if (!parsed.success) problems.push(...zodRowProblems(parsed.error));
  let properties: Record<string, unknown> = {};
  if (row.properties !== undefined) {
    try {
      const json: unknown = JSON.parse(row.properties);
      if (!json || typeof json !== 'object' || Array.isArray(json))
        throw new Error('not an object');
      properties = json as Record<string, unknown>;
    } catch {
      problems.push({
        column: 'properties',
        message: 'write a JSON object such as {"sku":"A1"}, or use "properties.<name>" columns',
      });
    }
  }
  Object.assign(properties, collect(row, 'properties'));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { value: { ...parsed.data, properties } };
}

const money = (what: string) =>
  z.coerce.number({ message: `write the ${what} as a number such as 12.50` }).finite();
// The api's rule (core/receipt.ts): a refund is a receipt of kind "return", never a negative amount.
const amount = (what: string) => money(what).min(0, NEGATIVE_AMOUNT);

const ReceiptRowSchema = z.object({
  receiptId: z.string().max(200),
  kind: z
    .string()
    .transform((k) => k.trim().toLowerCase())
    .pipe(ReceiptKind)
    .default('purchase'),
  /** The receiptId of the purchase a return refunds. */
  originalReceiptId: z.string().max(200).optional(),
  externalId: z.string().max(200),
  occurredAt: isoTime,
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'use a three-letter currency code such as "EUR"')
    .transform((c) => c.toUpperCase())
    // Left empty, the account currency (never a silent default): see db/currency.ts.
    .optional(),
  store: z.string().max(200).optional(),
  total: amount('total').optional(),
  productId: z.string().max(200).optional(),
  name: z.string().max(500).optional(),
  category: z.string().max(200).optional(),
  quantity: money('quantity').positive('the quantity must be more than 0').default(1),
  price: amount('price'),
  amount: amount('amount').optional(),
});
export type ReceiptImportRow = z.infer<typeof ReceiptRowSchema> & {
  amount: number;
  custom?: Record<string, string>;
  lineCustom?: Record<string, string>;
};

/** One receipt line; the receipt's own fields repeat on each of its lines. */
export function receiptRow(
  row: Record<string, string>,
): { value: ReceiptImportRow } | { problems: RowProblem[] } {
  const parsed = ReceiptRowSchema.safeParse(row);
  if (!parsed.success) return { problems: zodRowProblems(parsed.error) };
  const v = parsed.data;
  if (v.originalReceiptId !== undefined && v.kind !== 'return')
    return { problems: [{ column: 'originalReceiptId', message: ORIGINAL_NEEDS_RETURN }] };
  return {
    value: {
      ...v,
      amount: v.amount ?? Math.round(v.price * v.quantity * 100) / 100,
      custom: collect(row, 'custom'),
      lineCustom: collect(row, 'lineCustom'),
    },
  };
}
