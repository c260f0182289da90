// Bulk writers for CSV imports: one statement per table per chunk (INSERT ... SELECT FROM unnest),
// which is what makes tens of thousands of rows a second possible. Each takes the chunk's valid
// rows and returns how many it stored, the rows it refused and the customers it touched.
import type { Knex } from 'knex';
import { assessContacts } from '../core/contact-quality.ts';
import type {
  CustomerImportRow,
  EventImportRow,
  ReceiptImportRow,
  RowProblem,
} from '../core/csv-import.ts';
import { convert } from '../core/currency.ts';
import { originalProblem } from '../core/receipt.ts';
import { type Conversion, conversionsOf } from './currency.ts';

/** Column arrays as bindings: knex types do not know that pg sends a JS array as a Postgres array. */
const columns = (...arrays: unknown[][]) => arrays as unknown as readonly Knex.RawBinding[];

export interface Numbered<T> {
  row: number;
  value: T;
}

export interface WriteResult {
  imported: number;
  problems: (RowProblem & { row: number })[];
  customerIds: string[];
}

/** Customers by external ID, created bare when new (events and receipts may name new ones). */
async function ensureCustomers(trx: Knex.Transaction, externalIds: string[]) {
  const unique = [...new Set(externalIds)];
  await trx.raw(
    `insert into customers (external_id, source)
     select x, 'import' from unnest(?::text[]) as x
     on conflict (external_id) do nothing`,
    columns(unique),
  );
  const rows = await trx('customers')
    .whereRaw('external_id = any(?::text[])', [unique])
    .select<{ id: string; external_id: string }[]>('id', 'external_id');
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/**
 * Upserts customers by external ID. Empty cells change nothing; custom fields merge key by key;
 * a detected time zone never replaces one a caller gave; new addresses become contacts.
 */
export async function writeCustomers(
  trx: Knex.Transaction,
  rows: Numbered<CustomerImportRow>[],
): Promise<WriteResult> {
  // One statement cannot update a row twice: within a chunk the last row of a customer wins.
  const last = new Map(rows.map((r) => [r.value.externalId, r]));
  const cols: Record<string, unknown[]> = {};
  const push = (k: string, v: unknown) => (cols[k] ??= []).push(v ?? null);
  const quality = new Map<string, ReturnType<typeof assessContacts>>();
  for (const { value: c } of last.values()) {
    const q = assessContacts({
      email: c.email,
      phone: c.phone,
      city: c.city,
      locale: c.locale,
      timeZone: c.timeZone ?? 'UTC',
      timeZoneSource: c.timeZone ? 'given' : 'default',
    });
    quality.set(c.externalId, q);
    push('external_id', c.externalId);
    push('email', q.email?.normalized);
    push('email_provider', q.email?.provider);
    push('phone', q.phone ? (q.phone.e164 ?? c.phone) : null);
    push('phone_country', q.phone?.country);
    push('phone_type', q.phone?.type);
    push('first_name', c.firstName);
    push('last_name', c.lastName);
    push('gender', c.gender);
    push('birth_date', c.birthDate);
    push('city', c.city);
    push('time_zone', q.timeZone);
    push('time_zone_source', q.timeZoneSource);
    push('locale', c.locale);
    push('custom', JSON.stringify(c.custom ?? {}));
  }
  const names = Object.keys(cols);
  const types: Record<string, string> = { birth_date: 'date[]' };
  const { rows: stored } = await trx.raw<{
    rows: { id: string; external_id: string; email: string | null; phone: string | null }[];
  }>(
    `insert into customers (${names.join(', ')}, source)
     select ${names.map((n) => (n === 'custom' ? 'u.custom::jsonb' : `u.${n}`)).join(', ')}, 'import'
     from unnest(${names.map((n) => `?::${types[n] ?? 'text[]'}`).join(', ')}) as u(${names.join(', ')})
     on conflict (external_id) do update set
       email = coalesce(excluded.email, customers.email),
       email_provider = case when excluded.email is null then customers.email_provider else excluded.email_provider end,
       phone = coalesce(excluded.phone, customers.phone),
       phone_country = case when excluded.phone is null then customers.phone_country else excluded.phone_country end,
       phone_type = case when excluded.phone is null then customers.phone_type else excluded.phone_type end,
       first_name = coalesce(excluded.first_name, customers.first_name),
       last_name = coalesce(excluded.last_name, customers.last_name),
       gender = coalesce(excluded.gender, customers.gender),
       birth_date = coalesce(excluded.birth_date, customers.birth_date),
       city = coalesce(excluded.city, customers.city),
       locale = coalesce(excluded.locale, customers.locale),
       time_zone = case when excluded.time_zone_source = 'given'
         or (excluded.time_zone_source <> 'default' and customers.time_zone_source <> 'given')
         then excluded.time_zone else customers.time_zone end,
       time_zone_source = case when excluded.time_zone_source = 'given'
         or (excluded.time_zone_source <> 'default' and customers.time_zone_source <> 'given')
         then excluded.time_zone_source else customers.time_zone_source end,
       custom = customers.custom || excluded.custom,
       updated_at = now()
     returning id, external_id, email, phone`,
    columns(...names.map((n) => cols[n]!)),
  );
  const contacts: { customer: string[]; channel: string[]; address: string[]; valid: boolean[] } = {
    customer: [],
    channel: [],
    address: [],
    valid: [],
  };
  const addContact = (customer: string, channel: string, address: string, valid: boolean) => {
    contacts.customer.push(customer);
    contacts.channel.push(channel);
    contacts.address.push(address);
    contacts.valid.push(valid);
  };
  for (const s of stored) {
    const q = quality.get(s.external_id)!;
    if (q.email && s.email) addContact(s.id, 'email', s.email, q.email.valid);
    if (q.phone && s.phone) addContact(s.id, 'sms', s.phone, q.phone.valid);
  }
  await trx.raw(
    `insert into contacts (customer_id, channel, address, is_valid)
     select * from unnest(?::uuid[], ?::text[], ?::text[], ?::boolean[])
     on conflict (customer_id, channel, address) do nothing`,
    columns(contacts.customer, contacts.channel, contacts.address, contacts.valid),
  );
  return { imported: rows.length, problems: [], customerIds: stored.map((s) => s.id) };
}

/** Events, stored without starting campaigns; a known idempotency key is skipped. */
export async function writeEvents(
  trx: Knex.Transaction,
  rows: Numbered<EventImportRow>[],
): Promise<WriteResult> {
  const ids = await ensureCustomers(
    trx,
    rows.map((r) => r.value.externalId),
  );
  const customer = rows.map((r) => ids.get(r.value.externalId)!);
  const { rows: inserted } = await trx.raw<{ rows: unknown[] }>(
    `insert into events (customer_id, type, properties, occurred_at, idempotency_key, source)
     select u.c, u.t, u.p::jsonb, coalesce(u.o, now()), u.k, 'import'
     from unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::text[]) as u(c, t, p, o, k)
     on conflict (idempotency_key) do nothing
     returning 1`,
    columns(
      customer,
      rows.map((r) => r.value.type),
      rows.map((r) => JSON.stringify(r.value.properties)),
      rows.map((r) => r.value.occurredAt ?? null),
      rows.map((r) => r.value.idempotencyKey ?? null),
    ),
  );
  return { imported: inserted.length, problems: [], customerIds: [...new Set(customer)] };
}

type Head = ReceiptImportRow & {
  customerId: string;
  total: number;
  original: string | null;
  money: Conversion;
};

/** Stores receipt heads; one already in Herald (by receiptId) is left as it is. */
async function insertHeads(trx: Knex.Transaction, heads: Head[]) {
  if (heads.length === 0) return [];
  const { rows } = await trx.raw<{ rows: { id: string; external_id: string }[] }>(
    `insert into receipts (external_id, customer_id, kind, original_receipt_id, total, currency,
                           original_total, original_currency, exchange_rate, store, occurred_at,
                           source)
     select *, 'import'
     from unnest(?::text[], ?::uuid[], ?::text[], ?::uuid[], ?::numeric[], ?::text[],
                 ?::numeric[], ?::text[], ?::numeric[], ?::text[], ?::timestamptz[])
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
    ),
  );
  return rows;
}

/** The receipts that returns name, by their external IDs. */
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

/**
 * Receipts with their lines, one row per line, the lines of a receipt on consecutive rows (the
 * runner never splits them across chunks). A receipt already in Herald is left as it is.
 */
export async function writeReceipts(
  trx: Knex.Transaction,
  rows: Numbered<ReceiptImportRow>[],
): Promise<WriteResult> {
  const problems: WriteResult['problems'] = [];
  const receipts = new Map<string, Numbered<ReceiptImportRow>[]>();
  for (const r of rows) {
    const lines = receipts.get(r.value.receiptId) ?? [];
    const first = lines[0]?.value;
    if (first && first.externalId !== r.value.externalId) {
      problems.push({
        row: r.row,
        column: 'externalId',
        message: `receipt ${first.receiptId} belongs to customer ${first.externalId} on its first line; write the same customer on every line`,
      });
      continue;
    }
    lines.push(r);
    receipts.set(r.value.receiptId, lines);
  }
  // A receipt in a currency without a rate on its date is refused, as the api refuses it.
  const conversions = await conversionsOf(
    trx,
    [...receipts.values()].map((l) => l[0]!.value),
  );
  const accepted: { lines: Numbered<ReceiptImportRow>[]; money: Conversion }[] = [];
  [...receipts.values()].forEach((lines, i) => {
    const money = conversions[i]!;
    if ('problem' in money) {
      receipts.delete(lines[0]!.value.receiptId);
      for (const l of lines)
        problems.push({ row: l.row, column: 'currency', message: money.problem });
    } else accepted.push({ lines, money });
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
    if (problem) refused.add(h.receiptId);
    else h.original = original!.id;
    if (problem)
      for (const l of receipts.get(h.receiptId)!)
        problems.push({ row: l.row, column: 'originalReceiptId', message: problem });
  }
  created.push(
    ...(await insertHeads(
      trx,
      returns.filter((h) => !refused.has(h.receiptId)),
    )),
  );
  const receiptIds = new Map(created.map((c) => [c.external_id, c.id]));
  const rateOf = new Map(heads.map((h) => [h.receiptId, h.money.rate]));
  const lines: Numbered<ReceiptImportRow & { id: string; rate: number }>[] = [];
  for (const [receiptId, group] of receipts) {
    const id = receiptIds.get(receiptId);
    if (refused.has(receiptId)) continue;
    const rate = rateOf.get(receiptId)!;
    if (id) lines.push(...group.map((l) => ({ row: l.row, value: { ...l.value, id, rate } })));
    else
      for (const l of group)
        problems.push({
          row: l.row,
          column: 'receiptId',
          message: `receipt ${receiptId} is already in Herald (imported before, or its lines are not on consecutive rows); it was left as it is`,
        });
  }
  const v = lines.map((l) => l.value);
  await trx.raw(
    `insert into receipt_lines (receipt_id, product_id, name, category, quantity, price, amount,
                                original_price, original_amount)
     select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[],
                          ?::numeric[], ?::numeric[], ?::numeric[])`,
    columns(
      v.map((l) => l.id),
      v.map((l) => l.productId ?? null),
      v.map((l) => l.name ?? null),
      v.map((l) => l.category ?? null),
      v.map((l) => l.quantity),
      v.map((l) => convert(l.price, l.rate)),
      v.map((l) => convert(l.amount, l.rate)),
      v.map((l) => l.price),
      v.map((l) => l.amount),
    ),
  );
  const touched = new Set(
    heads.filter((h) => receiptIds.has(h.receiptId)).map((h) => h.customerId),
  );
  return { imported: lines.length, problems, customerIds: [...touched] };
}
