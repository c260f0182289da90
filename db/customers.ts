// Customer profiles and their contacts. Every create and upsert passes the profile through
// core/contact-quality.ts: the phone is stored in E.164 when valid (as sent when not), the
// email normalised, contacts carry their validity, and a zone is detected when none was given.
import type { Knex } from 'knex';
import { assessContacts, type ContactQuality } from '../core/contact-quality.ts';
import type {
  Contact,
  CreateCustomer,
  Customer,
  CustomerAttributes,
  TimeZoneSource,
} from '../core/customer.ts';
import type { RfmSegment } from '../core/rfm.ts';
import type { Db } from './connection.ts';
import { validateCustom } from './custom-fields.ts';

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
  email_provider: string | null;
  phone_country: string | null;
  phone_type: string | null;
  phone_carrier: string | null;
  time_zone_source: TimeZoneSource;
  created_at: Date;
  updated_at: Date;
  /** Set by campaigns' update-profile steps. */
  tags?: string[];
}

export const columns: Record<keyof Omit<CustomerAttributes, 'custom'>, keyof CustomerRow> = {
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

/** The API shape; `contacts` only where the caller loaded them (listContacts). */
export function toCustomer(row: CustomerRow, contacts?: Contact[]): Customer {
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
    timeZoneSource: row.time_zone_source,
    emailProvider: row.email_provider ?? undefined,
    phoneCountry: row.phone_country ?? undefined,
    phoneType: row.phone_type ?? undefined,
    phoneCarrier: row.phone_carrier ?? undefined,
    ...(contacts && { contacts }),
    locale: row.locale ?? undefined,
    isTester: row.is_tester,
    custom: row.custom,
    source: row.source ?? undefined,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toRow(attrs: CustomerAttributes): Partial<CustomerRow> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns)) {
    const value = attrs[key as keyof typeof columns];
    if (value !== undefined) row[column] = value;
  }
  if (attrs.custom !== undefined) row.custom = JSON.stringify(attrs.custom);
  if (attrs.timeZone !== undefined) row.time_zone_source = 'given';
  return row;
}

type ContactFields = 'email' | 'phone' | 'city' | 'locale' | 'time_zone' | 'time_zone_source';
export type Derived = Pick<
  CustomerRow,
  | 'email'
  | 'email_provider'
  | 'phone'
  | 'phone_country'
  | 'phone_type'
  | 'phone_carrier'
  | 'time_zone'
  | 'time_zone_source'
>;
interface ContactRow {
  channel: 'email' | 'sms';
  address: string;
  is_valid: boolean;
  /** An sms contact's mobile operator, where the carrier data knows it. */
  carrier?: string | null;
}

/** The stored form of a profile's contact data (core/contact-quality.ts), and its contacts. */
export function derive(p: Partial<Pick<CustomerRow, ContactFields>>): {
  columns: Derived;
  contacts: ContactRow[];
} {
  const q: ContactQuality = assessContacts({
    email: p.email,
    phone: p.phone,
    city: p.city,
    locale: p.locale,
    timeZone: p.time_zone ?? 'UTC',
    timeZoneSource: p.time_zone_source ?? 'default',
  });
  const columns: Derived = {
    email: q.email?.normalized ?? null,
    email_provider: q.email?.provider ?? null,
    // An invalid number is kept as sent: it is still what the customer typed, and a locale
    // learnt later may make it readable.
    phone: q.phone ? (q.phone.e164 ?? p.phone!) : null,
    phone_country: q.phone?.country ?? null,
    phone_type: q.phone?.type ?? null,
    phone_carrier: q.phone?.carrier ?? null,
    time_zone: q.timeZone,
    time_zone_source: q.timeZoneSource,
  };
  const contacts: ContactRow[] = [];
  if (q.email)
    contacts.push({ channel: 'email', address: columns.email!, is_valid: q.email.valid });
  if (q.phone)
    contacts.push({
      channel: 'sms',
      address: columns.phone!,
      is_valid: q.phone.valid,
      carrier: q.phone.carrier,
    });
  return { columns, contacts };
}

/**
 * Adds the contacts a customer does not have yet. An address already known keeps its row, so
 * a later "invalid" verdict (a bounce) is not undone by the customer being sent again.
 */
export async function syncContacts(
  trx: Knex | Knex.Transaction,
  customerId: string,
  contacts: ContactRow[],
): Promise<void> {
  if (contacts.length > 0)
    await trx('contacts')
      .insert(contacts.map((c) => ({ customer_id: customerId, ...c })))
      .onConflict(['customer_id', 'channel', 'address'])
      // Its validity stays (a bounce is not undone); a contact stored before operators were
      // detected learns its operator.
      .merge({ carrier: trx.raw('coalesce(contacts.carrier, excluded.carrier)') })
      .where('contacts.carrier', null);
}

export async function createCustomer(db: Db, input: CreateCustomer): Promise<CustomerRow> {
  const custom = await validateCustom(db, 'customer', input.custom, { creating: true });
  const row = toRow({ ...input, custom });
  const { columns, contacts } = derive(row);
  return db.transaction(async (trx) => {
    const [created] = await trx('customers')
      .insert({ ...row, ...columns, external_id: input.externalId ?? null })
      .returning<CustomerRow[]>('*');
    await syncContacts(trx, created!.id, contacts);
    return created!;
  });
}

/** What an upsert changed, in API names (custom fields as "custom.<key>"). */
export interface ProfileChanges {
  changed: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const ATTRIBUTES = [...Object.keys(columns), 'timeZoneSource'] as const;

/** The attributes that differ between two versions of a profile; null when none do. */
export function diffProfiles(before: CustomerRow, after: CustomerRow): ProfileChanges | null {
  const a = toCustomer(before) as Record<string, unknown>;
  const b = toCustomer(after) as Record<string, unknown>;
  const changes: ProfileChanges = { changed: [], before: {}, after: {} };
  const note = (name: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) === JSON.stringify(to)) return;
    changes.changed.push(name);
    changes.before[name] = from ?? null;
    changes.after[name] = to ?? null;
  };
  for (const key of ATTRIBUTES) note(key, a[key], b[key]);
  for (const key of new Set([...Object.keys(before.custom), ...Object.keys(after.custom)]))
    note(`custom.${key}`, before.custom[key], after.custom[key]);
  return changes.changed.length > 0 ? changes : null;
}

/** Every address the customer has been reached at or sent with, oldest first. */
export async function listContacts(db: Db, customerId: string): Promise<Contact[]> {
  const rows = await db('contacts')
    .where({ customer_id: customerId })
    .orderBy('id')
    .select<ContactRow[]>('channel', 'address', 'is_valid', 'carrier');
  return rows.map((r) => ({
    channel: r.channel,
    address: r.address,
    valid: r.is_valid,
    ...(r.carrier && { carrier: r.carrier }),
  }));
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
    tags: row.tags ?? [],
  };
}

/** What the customer list shows of each customer's metrics (null before a first purchase). */
export interface ListedMetrics {
  receipts_count: number | null;
  total_spent: string | null;
  rfm_segment: RfmSegment | null;
}

/**
 * A page of customers, newest first, optionally matching `q` in the name, email, phone or
 * external ID (case-insensitive), for the web app's list.
 */
export async function searchCustomers(
  db: Db,
  opts: { q?: string; limit: number; offset: number },
): Promise<{ rows: (CustomerRow & ListedMetrics)[]; total: number }> {
  const q = db('customers');
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    void q.where((w) =>
      w
        .whereILike('email', like)
        .orWhereILike('phone', like)
        .orWhereILike('external_id', like)
        .orWhereRaw("concat_ws(' ', first_name, last_name) ilike ?", [like]),
    );
  }
  const [{ n }] = (await q.clone().count('* as n')) as [{ n: number }];
  const rows = await q
    .leftJoin('customer_metrics as m', 'm.customer_id', 'customers.id')
    .orderBy([
      { column: 'customers.created_at', order: 'desc' },
      { column: 'customers.id', order: 'desc' },
    ])
    .limit(opts.limit)
    .offset(opts.offset)
    .select<(CustomerRow & ListedMetrics)[]>(
      'customers.*',
      'm.receipts_count',
      'm.total_spent',
      'm.rfm_segment',
    );
  return { rows, total: n };
}
