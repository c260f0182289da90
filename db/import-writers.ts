// Bulk writers for CSV imports (customers and events; receipts in import-receipts.ts): one
// statement per table per chunk (INSERT ... SELECT FROM unnest),
// which is what makes tens of thousands of rows a second possible. Each takes the chunk's valid
// rows and returns how many it stored, the rows it refused and the customers it touched.
import type { Knex } from 'knex';
import { assessContacts } from '../core/contact-quality.ts';
import { checkCustomValues } from '../core/custom-fields.ts';
import type { CustomerImportRow, EventImportRow, RowProblem } from '../core/csv-import.ts';
import { listCustomFields } from './custom-fields.ts';

/** Column arrays as bindings: knex types do not know that pg sends a JS array as a Postgres array. */
export const columns = (...arrays: unknown[][]) => arrays as unknown as readonly Knex.RawBinding[];

export interface Numbered<T> {
  row: number;
  value: T;
}

export interface WriteResult {
  imported: number;
  problems: (RowProblem & { row: number })[];
  /** Rows refused besides those a problem names (the other lines of a refused receipt). */
  refusedRows?: number[];
  customerIds: string[];
}

/** Customers by external ID, created bare when new (events and receipts may name new ones). */
export async function ensureCustomers(trx: Knex.Transaction, externalIds: string[]) {
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
  // Custom values pass the check an upsert over the api applies (PUT /v1/customers/external/…).
  const fields = await listCustomFields(trx, 'customer');
  const problems: WriteResult['problems'] = [];
  const checked = rows.filter((r) => {
    const check = checkCustomValues(fields, r.value.custom, '', false);
    for (const p of check.problems)
      problems.push({ row: r.row, column: p.field, message: p.message });
    r.value.custom = check.values;
    return check.problems.length === 0;
  });
  if (checked.length === 0) return { imported: 0, problems, customerIds: [] };
  // One statement cannot update a row twice: within a chunk the last row of a customer wins.
  const last = new Map(checked.map((r) => [r.value.externalId, r]));
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
  return { imported: checked.length, problems, customerIds: stored.map((s) => s.id) };
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
