// The account currency and the exchange rates, and the conversion every receipt writer uses: a
// receipt's amounts are stored in the account currency at the rate in force on its date (the
// latest rate whose validFrom is on or before it), its amounts as sent kept beside them.
import type { Knex } from 'knex';
import {
  type ExchangeRate,
  type ExchangeRateInput,
  missingRate,
  rateDate,
} from '../core/currency.ts';
import { badRequest, conflict } from '../core/errors.ts';
import type { Db } from './connection.ts';
import { refreshCustomerMetrics } from './metrics.ts';

type Conn = Db | Knex.Transaction;

export async function getAccountCurrency(db: Conn): Promise<string> {
  const row = await db('account_settings').first<{ currency: string } | undefined>('currency');
  return row?.currency ?? 'USD';
}

/**
 * Changes the account currency. Stored amounts and rates are in the old one and no rate says
 * what they are worth in the new one, so a change is refused once either exists.
 */
export async function setAccountCurrency(db: Db, currency: string): Promise<string> {
  return db.transaction(async (trx) => {
    await trx.raw('lock table account_settings in exclusive mode');
    const current = await getAccountCurrency(trx);
    if (current === currency) return current;
    const receipt: unknown = await trx('receipts').first('id');
    if (receipt)
      throw conflict(
        `Receipts are stored in ${current}; the account currency can change only before the first receipt is loaded`,
      );
    const rate: unknown = await trx('exchange_rates').first('currency');
    if (rate)
      throw conflict(
        `Exchange rates to ${current} are stored; delete them (DELETE /v1/exchange-rates/{currency}/{validFrom}) before changing the account currency`,
      );
    await trx('account_settings').update({ currency, updated_at: trx.fn.now() });
    return currency;
  });
}

interface RateRow {
  currency: string;
  valid_from: string;
  rate: string;
  updated_at: Date;
}

const toRate = (r: RateRow): ExchangeRate => ({
  currency: r.currency,
  validFrom: r.valid_from,
  rate: Number(r.rate),
  updatedAt: r.updated_at.toISOString(),
});

export async function listRates(db: Db, currency?: string): Promise<ExchangeRate[]> {
  const q = db('exchange_rates')
    .orderBy(['currency', { column: 'valid_from', order: 'desc' }])
    // valid_from as text: a `date` read as a JS Date would shift with the server's time zone.
    .select<RateRow[]>('currency', 'rate', 'updated_at', db.raw('valid_from::text as valid_from'));
  if (currency) void q.where({ currency });
  return (await q).map(toRate);
}

/** A 400 for a currency's day sent twice in one request (which of the two would hold?). */
function refuseRepeats(rates: ExchangeRateInput[]) {
  const seen = new Map<string, number>();
  rates.forEach((r, i) => {
    const key = `${r.currency} ${r.validFrom}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw badRequest(`rates.${i}: a repeated day`, [
        {
          field: `rates.${i}.validFrom`,
          message: `${r.currency} from ${r.validFrom} is also rates.${first}; send each currency's day once`,
        },
      ]);
    seen.set(key, i);
  });
}

/**
 * Stores rates (a rate of the same currency and day is replaced) and converts again the
 * receipts whose rate in force changed, refreshing their customers' metrics.
 */
export async function upsertRates(
  db: Db,
  rates: ExchangeRateInput[],
): Promise<{ rates: ExchangeRate[]; receiptsConverted: number }> {
  const account = await getAccountCurrency(db);
  const own = rates.findIndex((r) => r.currency === account);
  if (own !== -1)
    throw badRequest(`${account} is the account currency`, [
      {
        field: `rates.${own}.currency`,
        message: `${account} is the account currency, always at rate 1; send rates of other currencies`,
      },
    ]);
  refuseRepeats(rates);
  const result = await db.transaction(async (trx) => {
    const { rows: stored } = await trx.raw<{ rows: RateRow[] }>(
      `insert into exchange_rates (currency, valid_from, rate)
       select * from unnest(?::text[], ?::date[], ?::numeric[])
       on conflict (currency, valid_from) do update set rate = excluded.rate, updated_at = now()
       returning currency, valid_from::text as valid_from, rate, updated_at`,
      [rates.map((r) => r.currency), rates.map((r) => r.validFrom), rates.map((r) => r.rate)],
    );
    const customers = await convertAgain(trx, [...new Set(rates.map((r) => r.currency))]);
    return { rates: stored.map(toRate), customers };
  });
  return { rates: result.rates, receiptsConverted: await refreshInChunks(db, result.customers) };
}

/** Deletes a rate; its receipts take the rate in force before it, or keep their amounts. */
export async function deleteRate(
  db: Db,
  currency: string,
  validFrom: string,
): Promise<{ deleted: boolean; receiptsConverted: number }> {
  const result = await db.transaction(async (trx) => {
    const deleted = await trx('exchange_rates').where({ currency, valid_from: validFrom }).delete();
    return {
      deleted: deleted > 0,
      customers: deleted > 0 ? await convertAgain(trx, [currency]) : [],
    };
  });
  return {
    deleted: result.deleted,
    receiptsConverted: await refreshInChunks(db, result.customers),
  };
}

/** The rate in force for `currency` on the receipt's date (SQL, for a receipt row `r`). */
const RATE_IN_FORCE = `(select e.rate from exchange_rates e
  where e.currency = r.original_currency
    and e.valid_from <= (r.occurred_at at time zone 'UTC')::date
  order by e.valid_from desc limit 1)`;

interface Changed {
  customer_id: string;
  receipts: number;
}

/** Converts these currencies' receipts again at the rates now in force; their customers. */
async function convertAgain(trx: Knex.Transaction, currencies: string[]): Promise<Changed[]> {
  const { rows } = await trx.raw<{ rows: Changed[] }>(
    `with rated as (
       select r.id, ${RATE_IN_FORCE} as rate from receipts r
       where r.original_currency = any(?::text[])
     ), changed as (
       update receipts r
       set total = round(r.original_total * rated.rate, 2), exchange_rate = rated.rate,
           currency = (select currency from account_settings), updated_at = now()
       from rated
       where r.id = rated.id and rated.rate is not null
         and r.exchange_rate is distinct from rated.rate
       returning r.id, r.customer_id, rated.rate
     ), lines as (
       update receipt_lines l
       set price = round(l.original_price * c.rate, 2), amount = round(l.original_amount * c.rate, 2)
       from changed c where l.receipt_id = c.id
     )
     select customer_id, count(*)::int as receipts from changed group by customer_id`,
    [currencies],
  );
  return rows;
}

async function refreshInChunks(db: Db, changed: Changed[]): Promise<number> {
  const ids = changed.map((c) => c.customer_id);
  for (let i = 0; i < ids.length; i += 1000)
    await refreshCustomerMetrics(db, ids.slice(i, i + 1000));
  return changed.reduce((n, c) => n + c.receipts, 0);
}

/** How a receipt's amounts become the account currency's. */
export interface Conversion {
  /** The account currency: what the stored amounts are in. */
  currency: string;
  originalCurrency: string;
  rate: number;
}

/**
 * The conversion of one receipt: its currency (the account's when it names none) at the rate
 * in force on its date; a currency without one is a 400 naming `field` and the fix.
 */
export async function conversionOf(
  db: Conn,
  currency: string | undefined,
  occurredAt: string,
  field = 'currency',
): Promise<Conversion> {
  const [conversion] = await conversionsOf(db, [{ currency, occurredAt }]);
  if ('problem' in conversion!)
    throw badRequest(`${field}: ${conversion.problem}`, [{ field, message: conversion.problem }]);
  return conversion!;
}

/** conversionOf for many receipts in one query (the CSV import's chunks). */
export async function conversionsOf(
  db: Conn,
  receipts: { currency?: string; occurredAt: string }[],
): Promise<(Conversion | { problem: string })[]> {
  const account = await getAccountCurrency(db);
  const foreign = receipts.filter((r) => r.currency !== undefined && r.currency !== account);
  const rates = new Map<string, number | null>();
  if (foreign.length > 0) {
    const keys = [...new Set(foreign.map((r) => `${r.currency} ${rateDate(r.occurredAt)}`))];
    const { rows } = await db.raw<{ rows: { k: string; rate: string | null }[] }>(
      `select u.c || ' ' || u.d as k,
              (select e.rate from exchange_rates e where e.currency = u.c and e.valid_from <= u.d
               order by e.valid_from desc limit 1) as rate
       from unnest(?::text[], ?::date[]) as u(c, d)`,
      [keys.map((k) => k.slice(0, 3)), keys.map((k) => k.slice(4))],
    );
    for (const r of rows) rates.set(r.k, r.rate === null ? null : Number(r.rate));
  }
  return receipts.map((r) => {
    const originalCurrency = r.currency ?? account;
    if (originalCurrency === account) return { currency: account, originalCurrency, rate: 1 };
    const date = rateDate(r.occurredAt);
    const rate = rates.get(`${originalCurrency} ${date}`);
    if (rate === undefined || rate === null)
      return { problem: missingRate(originalCurrency, date, account) };
    return { currency: account, originalCurrency, rate };
  });
}
