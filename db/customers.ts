// Customer profiles and their contacts.
import type { Knex } from 'knex';
import type { CreateCustomer, Customer, CustomerAttributes } from '../core/customer.ts';
import type { Db } from './connection.ts';

export interface CustomerRow {
  id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  gender: string | null;
  birth_date: string | Date | null;
  city: string | null;
  time_zone: string;
  locale: string | null;
  is_tester: boolean;
  custom: Record<string, unknown>;
  source: string | null;
  created_at: Date;
  updated_at: Date;
}

const columns: Record<keyof Omit<CustomerAttributes, 'custom'>, keyof CustomerRow> = {
  email: 'email',
  phone: 'phone',
  firstName: 'first_name',
  lastName: 'last_name',
  gender: 'gender',
  birthDate: 'birth_date',
  city: 'city',
  timeZone: 'time_zone',
  locale: 'locale',
  isTester: 'is_tester',
  source: 'source',
};

const isoDate = (d: string | Date | null) =>
  d === null ? undefined : typeof d === 'string' ? d : d.toISOString().slice(0, 10);

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    externalId: row.external_id,
    email: row.email ?? undefined,
    phone: row.phone ?? undefined,
    firstName: row.first_name ?? undefined,
    lastName: row.last_name ?? undefined,
    gender: (row.gender as Customer['gender']) ?? undefined,
    birthDate: isoDate(row.birth_date),
    city: row.city ?? undefined,
    timeZone: row.time_zone,
    locale: row.locale ?? undefined,
    isTester: row.is_tester,
    custom: row.custom,
    source: row.source ?? undefined,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toRow(attrs: CustomerAttributes): Partial<CustomerRow> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns)) {
    const value = attrs[key as keyof typeof columns];
    if (value !== undefined) row[column] = value;
  }
  if (attrs.email !== undefined) row.email = attrs.email.trim().toLowerCase();
  if (attrs.custom !== undefined) row.custom = JSON.stringify(attrs.custom);
  return row;
}

async function syncContacts(trx: Knex | Knex.Transaction, row: CustomerRow): Promise<void> {
  const contacts = [
    row.email && { customer_id: row.id, channel: 'email', address: row.email },
    row.phone && { customer_id: row.id, channel: 'sms', address: row.phone },
  ].filter(Boolean);
  if (contacts.length > 0)
    await trx('contacts')
      .insert(contacts)
      .onConflict(['customer_id', 'channel', 'address'])
      .ignore();
}

export async function createCustomer(db: Db, input: CreateCustomer): Promise<CustomerRow> {
  const [row] = await db('customers')
    .insert({ ...toRow(input), external_id: input.externalId ?? null })
    .returning<CustomerRow[]>('*');
  await syncContacts(db, row!);
  return row!;
}

/**
 * Creates the customer with this external ID, or updates only the attributes given.
 * Custom fields are merged key by key, so a partial update never drops other fields.
 */
export async function upsertCustomerByExternalId(
  db: Db | Knex.Transaction,
  externalId: string,
  attrs: CustomerAttributes,
): Promise<CustomerRow> {
  const row = toRow(attrs);
  const updates: Record<string, unknown> = { ...row, updated_at: db.fn.now() };
  if (row.custom !== undefined) updates.custom = db.raw('customers.custom || excluded.custom');
  const query = db('customers')
    .insert({ ...row, external_id: externalId })
    .onConflict('external_id');
  // With nothing to change, still return the row: "merge" with only updated_at would touch it.
  const [result] = await (
    Object.keys(row).length === 0
      ? query.merge({ external_id: db.raw('customers.external_id') })
      : query.merge(updates)
  ).returning<CustomerRow[]>('*');
  await syncContacts(db, result!);
  return result!;
}

export async function getCustomer(db: Db, id: string): Promise<CustomerRow | undefined> {
  return db('customers').where({ id }).first<CustomerRow | undefined>();
}

export async function getCustomerByExternalId(
  db: Db,
  externalId: string,
): Promise<CustomerRow | undefined> {
  return db('customers').where({ external_id: externalId }).first<CustomerRow | undefined>();
}

/** What templates and conditions see of a customer: the API shape, names in camelCase. */
export function profileVariables(row: CustomerRow): Record<string, unknown> {
  return {
    ...toCustomer(row),
    fullName: [row.first_name, row.last_name].filter(Boolean).join(' '),
  };
}
