// Reports over customer data, each one SQL statement.
import type { Db } from './connection.ts';

export interface DataQualityReport {
  customers: number;
  withEmail: number;
  validEmails: number;
  withPhone: number;
  validPhones: number;
  /** Customers whose zone is known (given or detected), not the "UTC" default. */
  withTimeZone: number;
  /** Customers with at least one active subscription on the channel. */
  subscribed: { email: number; sms: number };
  /** Customers with a valid phone, by mobile operator, most first. */
  phoneCarriers: { carrier: string; customers: number }[];
  /** Shares of all customers, 0 to 1, to four places. */
  shares: { validEmail: number; validPhone: number; timeZone: number };
}

/**
 * How reachable the customer base is. A customer's email or phone counts as valid when its
 * contact row (the current address, not an old one) is valid: the check at ingestion, or a
 * later verdict such as a bounce.
 */
export async function dataQualityReport(db: Db): Promise<DataQualityReport> {
  const validContact = (channel: string, column: string) =>
    db.raw(
      `count(*) filter (where exists (
         select 1 from contacts k
         where k.customer_id = c.id and k.channel = ? and k.address = ?? and k.is_valid))`,
      [channel, `c.${column}`],
    );
  const subscribed = (channel: string) =>
    db.raw(
      `count(*) filter (where exists (
         select 1 from subscriptions s
         where s.customer_id = c.id and s.channel = ? and s.subscribed))`,
      [channel],
    );
  const row = await db('customers as c')
    .select({
      customers: db.raw('count(*)'),
      withEmail: db.raw('count(c.email)'),
      validEmails: validContact('email', 'email'),
      withPhone: db.raw('count(c.phone)'),
      validPhones: validContact('sms', 'phone'),
      withTimeZone: db.raw(`count(*) filter (where c.time_zone_source <> 'default')`),
      subscribedEmail: subscribed('email'),
      subscribedSms: subscribed('sms'),
    })
    .first<Record<string, number>>();
  const carriers = await db('customers as c')
    .whereNotNull('c.phone_carrier')
    .whereExists(
      db('contacts as k')
        .whereRaw("k.customer_id = c.id and k.channel = 'sms' and k.address = c.phone")
        .where('k.is_valid', true),
    )
    .groupBy('c.phone_carrier')
    // Ties by name, byte-wise: the same order whatever the database's collation.
    .orderByRaw('count(*) desc, c.phone_carrier collate "C"')
    .select<{ carrier: string; customers: number }[]>(
      'c.phone_carrier as carrier',
      db.raw('count(*)::int as customers'),
    );
  const n = (key: string) => Number(row?.[key] ?? 0);
  const share = (count: number) =>
    n('customers') === 0 ? 0 : Math.round((count / n('customers')) * 10_000) / 10_000;
  return {
    customers: n('customers'),
    withEmail: n('withEmail'),
    validEmails: n('validEmails'),
    withPhone: n('withPhone'),
    validPhones: n('validPhones'),
    withTimeZone: n('withTimeZone'),
    subscribed: { email: n('subscribedEmail'), sms: n('subscribedSms') },
    phoneCarriers: carriers,
    shares: {
      validEmail: share(n('validEmails')),
      validPhone: share(n('validPhones')),
      timeZone: share(n('withTimeZone')),
    },
  };
}
