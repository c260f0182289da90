// The account currency (GET/PUT /v1/settings/currency) and the exchange rates an admin keeps
// (GET/POST /v1/exchange-rates, DELETE /v1/exchange-rates/{currency}/{validFrom}).
import {
  ExchangeRateParams,
  ExchangeRates,
  ExchangeRatesQuery,
  ExchangeRatesStored,
} from '../../core/contract/currency.ts';
import { AccountCurrency, ExchangeRateBatch } from '../../core/currency.ts';
import { notFound } from '../../core/errors.ts';
import {
  deleteRate,
  getAccountCurrency,
  listRates,
  setAccountCurrency,
  upsertRates,
} from '../../db/currency.ts';
import { route } from '../route.ts';
import { audit } from '../audit.ts';

export const currencyRoutes = [
  route({
    method: 'get',
    path: '/v1/settings/currency',
    permission: 'authenticated',
    summary: 'The account currency: every amount metrics, points and segments read is in it',
    responses: { 200: AccountCurrency },
    handler: async ({ deps: { db } }) => ({ currency: await getAccountCurrency(db) }),
  }),
  route({
    method: 'put',
    path: '/v1/settings/currency',
    permission: 'settings:write',
    summary:
      'Set the account currency; refused (409) once receipts or exchange rates are stored in the current one',
    body: AccountCurrency,
    responses: { 200: AccountCurrency },
    errors: [409],
    handler: async ({ body, req, deps: { db } }) => {
      const currency = await setAccountCurrency(db, body.currency);
      await audit(db, req, {
        action: 'setting.currency_changed',
        targetType: 'setting',
        targetId: 'currency',
        details: { currency },
      });
      return { currency };
    },
  }),
  route({
    method: 'get',
    path: '/v1/exchange-rates',
    permission: 'authenticated',
    summary: 'Exchange rates to the account currency, by currency, newest first',
    query: ExchangeRatesQuery,
    responses: { 200: ExchangeRates },
    handler: async ({ query, deps: { db } }) => ({
      accountCurrency: await getAccountCurrency(db),
      rates: await listRates(db, query.currency),
    }),
  }),
  route({
    method: 'post',
    path: '/v1/exchange-rates',
    permission: 'settings:write',
    summary:
      "Store rates (a currency's rate valid from a day, replacing one of the same day); receipts whose rate in force changed are converted again and their customers' metrics refreshed",
    body: ExchangeRateBatch,
    responses: { 200: ExchangeRatesStored },
    handler: async ({ body, req, deps: { db } }) => {
      // Rates recompute receipts in steps of their own: the entry follows the change.
      const stored = await upsertRates(db, body.rates);
      await audit(db, req, {
        action: 'setting.exchange_rates_stored',
        targetType: 'setting',
        targetId: 'exchange_rates',
        details: {
          rates: body.rates.length,
          currencies: [...new Set(body.rates.map((r) => r.currency))],
        },
      });
      return stored;
    },
  }),
  route({
    method: 'delete',
    path: '/v1/exchange-rates/{currency}/{validFrom}',
    permission: 'settings:write',
    summary:
      'Delete a rate; its receipts take the rate in force before it, or keep their amounts when there is none',
    params: ExchangeRateParams,
    responses: { 204: null },
    errors: [404],
    handler: async ({ params, req, deps: { db } }) => {
      const { deleted } = await deleteRate(db, params.currency, params.validFrom);
      if (!deleted) throw notFound(`Exchange rate of ${params.currency} from ${params.validFrom}`);
      await audit(db, req, {
        action: 'setting.exchange_rate_deleted',
        targetType: 'setting',
        targetId: 'exchange_rates',
        details: { ...params },
      });
    },
  }),
];
