// Currencies: the account currency every stored amount is in, and the exchange rates (by date)
// an admin maintains to convert receipts sent in other currencies. Pure: db/currency.ts stores
// them and finds the rate in force on a receipt's date.
import { z } from 'zod';

export const CurrencyCode = z
  .string('send a currency as its ISO 4217 code, such as "EUR"')
  .regex(/^[A-Z]{3}$/, 'use an ISO 4217 currency code such as "EUR"');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

export const AccountCurrency = z.object({
  /** The currency every amount metrics, points and segments read is in. */
  currency: CurrencyCode,
});
export type AccountCurrency = z.infer<typeof AccountCurrency>;

export const ExchangeRateInput = z.object({
  currency: CurrencyCode,
  /** Units of the account currency one unit of `currency` is worth (EUR 1.08 in a USD account). */
  rate: z
    .number('send the rate as a number, such as 1.08')
    .finite()
    // Above 0, and kept to 10 decimal places: a smaller rate would be stored, and answered, as 0.
    .min(
      1e-10,
      'a rate is above 0 (at least 0.0000000001): what one unit of the currency is worth in the account currency',
    )
    .max(1e9),
  /** The first day (UTC) the rate applies to; it holds until the next rate's validFrom. */
  validFrom: z.iso.date('use a date such as "2026-11-24"'),
});
export type ExchangeRateInput = z.infer<typeof ExchangeRateInput>;

export const MAX_RATES = 1000;

export const ExchangeRateBatch = z.object({
  rates: z
    .array(ExchangeRateInput)
    .min(1, 'send at least one rate')
    .max(MAX_RATES, `send at most ${MAX_RATES} rates at once`),
});
export type ExchangeRateBatch = z.infer<typeof ExchangeRateBatch>;

export const ExchangeRate = ExchangeRateInput.extend({ updatedAt: z.string() });
export type ExchangeRate = z.infer<typeof ExchangeRate>;

/** A receipt's date for its rate: the UTC calendar day of occurredAt. */
export const rateDate = (occurredAt: string | Date) =>
  new Date(occurredAt).toISOString().slice(0, 10);

/** An amount converted at a rate, rounded to cents as the amount columns store it. */
export const convert = (amount: number, rate: number) => Math.round(amount * rate * 100) / 100;

/** Said wherever a receipt's currency has no rate on its date: the api, its batch, the import. */
export function missingRate(currency: string, date: string, account: string): string {
  return `no exchange rate from ${currency} to the account currency ${account} is in force on ${date} (the receipt's date, UTC); add one valid from that day or earlier with POST /v1/exchange-rates {"rates":[{"currency":"${currency}","validFrom":"${date}","rate":<${account} per ${currency}>}]}, or send the receipt in ${account}`;
}
