// GET/PUT /v1/settings/currency and /v1/exchange-rates (the schemas themselves: core/currency.ts).
import { z } from 'zod';
import { CurrencyCode, ExchangeRate } from '../currency.ts';

export const ExchangeRatesQuery = z.object({ currency: CurrencyCode.optional() });

export const ExchangeRateParams = z.object({
  currency: CurrencyCode,
  validFrom: z.iso.date('use a date such as "2026-11-24"'),
});

export const ExchangeRates = z.object({
  /** What every rate converts to. */
  accountCurrency: z.string(),
  /** Each currency's rates, newest first. */
  rates: z.array(ExchangeRate),
});
export type ExchangeRates = z.infer<typeof ExchangeRates>;

export const ExchangeRatesStored = z.object({
  rates: z.array(ExchangeRate),
  /** Receipts converted again because the rate in force on their date changed. */
  receiptsConverted: z.number(),
});
export type ExchangeRatesStored = z.infer<typeof ExchangeRatesStored>;
