// Customers: create, upsert by the caller's external ID, get, search. Answers carry the
// customer's contacts with their validity, so a caller sees what Herald made of a messy phone or
// email. An upsert that changes a known profile records one `profile_updated` event, which
// campaigns can trigger on ("confirm your new email").
import {
  CustomerAnswer,
  CustomerLookup,
  CustomerParams,
  CustomerSearch,
  ExternalIdParams,
} from '../../core/contract/customers.ts';
import { CreateCustomer, CustomerAttributes } from '../../core/customer.ts';
import { conflict, notFound } from '../../core/errors.ts';
import type { Db } from '../../db/connection.ts';
import {
  createCustomer,
  type CustomerRow,
  getCustomer,
  getCustomerByExternalId,
  listContacts,
  searchCustomers,
  toCustomer,
} from '../../db/customers.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import { route } from '../route.ts';

/** The customer of a /v1/customers/{id}/... path, or a 404. */
export async function customerRow(db: Db, id: string): Promise<CustomerRow> {
  const row = await getCustomer(db, id);
  if (!row) throw notFound(`Customer ${id}`);
  return row;
}

const answer = async (db: Db, row: CustomerRow) => ({
  customer: toCustomer(row, await listContacts(db, row.id)),
});

export const customerRoutes = [
  route({
    method: 'post',
    path: '/v1/customers',
    permission: 'customers:write',
    summary: 'Create a customer',
    body: CreateCustomer,
    responses: { 201: CustomerAnswer },
    errors: [409],
    handler: async ({ body, deps: { db } }) => {
      if (body.externalId && (await getCustomerByExternalId(db, body.externalId))) {
        throw conflict(
          `A customer with externalId "${body.externalId}" exists; update it with PUT /v1/customers/external/{externalId}`,
        );
      }
      return answer(db, await createCustomer(db, body));
    },
  }),

  route({
    method: 'put',
    path: '/v1/customers/external/{externalId}',
    permission: 'customers:write',
    summary: 'Create or update a customer by external ID',
    params: ExternalIdParams,
    body: CustomerAttributes,
    responses: { 200: CustomerAnswer },
    handler: async ({ params: { externalId }, body, deps }) => {
      const customerId = await openPipeline(deps).resolve({ externalId, customer: body });
      return answer(deps.db, (await getCustomer(deps.db, customerId))!);
    },
  }),

  route({
    method: 'get',
    path: '/v1/customers',
    permission: 'customers:read',
    summary: 'Find a customer by ?externalId=, or search and page them (?q=&limit=&offset=)',
    query: CustomerSearch,
    responses: { 200: CustomerLookup },
    errors: [404],
    handler: async ({ query: { externalId, ...search }, deps: { db } }) => {
      if (externalId !== undefined) {
        const row = externalId ? await getCustomerByExternalId(db, externalId) : undefined;
        if (!row) throw notFound(`Customer with externalId "${externalId}"`);
        return answer(db, row);
      }
      const { rows, total } = await searchCustomers(db, search);
      return {
        customers: rows.map((r) => ({
          ...toCustomer(r),
          receiptsCount: r.receipts_count ?? 0,
          totalSpent: Number(r.total_spent ?? 0),
          rfmSegment: r.rfm_segment,
        })),
        total,
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/customers/{id}',
    permission: 'customers:read',
    summary: 'Get a customer',
    params: CustomerParams,
    responses: { 200: CustomerAnswer },
    errors: [404],
    handler: async ({ params, deps: { db } }) => answer(db, await customerRow(db, params.id)),
  }),
];
