// Customers: create, upsert by external ID, get, search.
import { z } from 'zod';
import { Customer } from '../customer.ts';
import { CustomerSummary } from '../profile.ts';

export const CustomerParams = z.object({ id: z.uuid('use a Herald customer ID (a UUID)') });
export type CustomerParams = z.infer<typeof CustomerParams>;
export const ExternalIdParams = z.object({ externalId: z.string().min(1).max(200) });
export type ExternalIdParams = z.infer<typeof ExternalIdParams>;

export const CustomerSearch = z.object({
  /** Find one customer by the caller's ID instead of searching. */
  externalId: z.string().optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200, 'ask for at most 200 a page').default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CustomerSearch = z.infer<typeof CustomerSearch>;

export const CustomerAnswer = z.object({ customer: Customer });
export type CustomerAnswer = z.infer<typeof CustomerAnswer>;

export const CustomerPage = z.object({ customers: z.array(CustomerSummary), total: z.number() });
export type CustomerPage = z.infer<typeof CustomerPage>;

/** GET /v1/customers: one customer for ?externalId=, else a page of the search. */
export const CustomerLookup = z.union([CustomerAnswer, CustomerPage]);
export type CustomerLookup = z.infer<typeof CustomerLookup>;
