// Privacy: everything Herald holds about one customer, erasure of their personal data, and
// consent with its history. The export finds every table with a customer_id column, so a table
// added later is exported without anyone remembering to list it here.
import { createHash } from 'node:crypto';
import type { Db } from './connection.ts';

export const ERASED_SOURCE = 'erased';

async function customerTables(db: Db): Promise<string[]> {
  const rows = await db('information_schema.columns')
    .where({ column_name: 'customer_id' })
    .whereRaw('table_schema = current_schema()')
    .orderBy('table_name')
    .select<{ table_name: string }[]>('table_name');
  return rows.map((r) => r.table_name);
}

/** Every row that names the customer, by table, with receipt lines and message statuses. */
export async function exportCustomerData(
  db: Db,
  customerId: string,
): Promise<Record<string, unknown> | undefined> {
  const customer = await db('customers')
    .where({ id: customerId })
    .first<Record<string, unknown> | undefined>();
  if (!customer) return undefined;
  const data: Record<string, unknown[]> = {};
  for (const table of await customerTables(db))
    data[table] = await db(table).where({ customer_id: customerId }).select('*');
  data.receipt_lines = await db('receipt_lines')
    .whereIn('receipt_id', db('receipts').where({ customer_id: customerId }).select('id'))
    .select('*');
  data.message_status_history = await db('message_status_history')
    .whereIn('message_id', db('messages').where({ customer_id: customerId }).select('id'))
    .select('*');
  return { customer, ...data };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Removes the customer's personal data and keeps an anonymous history: the profile row stays
 * (receipts, entries and message counts still add up in reports) without a single attribute
 * that names a person; event properties and message addresses are emptied; contacts,
 * subscriptions and tracker visitors are deleted. Idempotency keys are hashed, not dropped, so
 * a late redelivery of an old event is still recognised.
 */
export async function eraseCustomerData(db: Db, customerId: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const n = await trx('customers').where({ id: customerId }).update({
      external_id: null,
      email: null,
      phone: null,
      first_name: null,
      last_name: null,
      gender: null,
      birth_date: null,
      city: null,
      locale: null,
      email_provider: null,
      phone_country: null,
      phone_type: null,
      phone_carrier: null,
      time_zone: 'UTC',
      time_zone_source: 'default',
      custom: '{}',
      source: ERASED_SOURCE,
      updated_at: trx.fn.now(),
    });
    if (n === 0) return false;
    await trx('contacts').where({ customer_id: customerId }).del();
    await trx('subscriptions').where({ customer_id: customerId }).del();
    await trx('tracker_visitors').where({ customer_id: customerId }).del();
    const events = await trx('events')
      .where({ customer_id: customerId })
      .whereNotNull('idempotency_key')
      .select<{ id: string; idempotency_key: string }[]>('id', 'idempotency_key');
    for (const e of events)
      if (!e.idempotency_key.startsWith('erased:'))
        await trx('events')
          .where({ id: e.id })
          .update({ idempotency_key: `erased:${sha256(e.idempotency_key)}` });
    await trx('events').where({ customer_id: customerId }).update({ properties: '{}' });
    await trx('receipts').where({ customer_id: customerId }).update({ custom: '{}' });
    await trx('receipt_lines')
      .whereIn('receipt_id', trx('receipts').where({ customer_id: customerId }).select('id'))
      .update({ custom: '{}' });
    await trx('message_status_history')
      .whereIn('message_id', trx('messages').where({ customer_id: customerId }).select('id'))
      .update({ detail: null });
    await trx('messages')
      .where({ customer_id: customerId })
      .update({ to_address: null, subject: null, error: null });
    return true;
  });
}

export async function recordErasure(db: Db, customerId: string, journeysEnded: number) {
  await db('erasures')
    .insert({ customer_id: customerId, journeys_ended: journeysEnded })
    .onConflict('customer_id')
    .merge();
}

export interface Consent {
  channel: string;
  messagingType: string;
  subscribed: boolean;
  source: string;
}

/** Records a consent; returns whether it changed the subscription (a new one counts). */
export async function recordConsent(
  db: Db,
  customerId: string,
  c: Consent,
): Promise<{ changed: boolean }> {
  return db.transaction(async (trx) => {
    const key = { customer_id: customerId, channel: c.channel, messaging_type: c.messagingType };
    const before = await trx('subscriptions')
      .where(key)
      .forUpdate()
      .first<{ subscribed: boolean } | undefined>('subscribed');
    await trx('subscriptions')
      .insert({ ...key, subscribed: c.subscribed, source: c.source })
      .onConflict(['customer_id', 'channel', 'messaging_type'])
      .merge({ subscribed: c.subscribed, source: c.source, updated_at: trx.fn.now() });
    await trx('consent_history').insert({ ...key, subscribed: c.subscribed, source: c.source });
    return { changed: before?.subscribed !== c.subscribed };
  });
}

export async function consentsOf(db: Db, customerId: string) {
  const [subscriptions, history] = await Promise.all([
    db('subscriptions').where({ customer_id: customerId }).orderBy(['channel', 'messaging_type']),
    db('consent_history').where({ customer_id: customerId }).orderBy('id'),
  ]);
  const view = (r: Record<string, unknown>, at: string) => ({
    channel: r.channel as string,
    messagingType: r.messaging_type as string,
    subscribed: r.subscribed as boolean,
    source: r.source as string | null,
    at: (r[at] as Date).toISOString(),
  });
  return {
    subscriptions: subscriptions.map((r: Record<string, unknown>) => view(r, 'updated_at')),
    history: history.map((r: Record<string, unknown>) => view(r, 'recorded_at')),
  };
}
