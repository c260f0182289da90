// Customers: create, upsert by the caller's external ID, get, search. Answers carry the
// customer's contacts with their validity, so a caller sees what Herald made of a messy phone or
// email. An upsert that changes a known profile records one `profile_updated` event, which
// campaigns can trigger on ("confirm your new email").
import { Router } from 'express';
import { z } from 'zod';
import { CreateCustomer, CustomerAttributes } from '../../core/customer.ts';
import { conflict, notFound } from '../../core/errors.ts';
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
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

export const CustomerId = z.uuid('use a Herald customer ID (a UUID)');

/** The {id} of a /v1/customers/{id}/... path; a bad one is a 400 naming "id". */
export const customerIdOf = (params: unknown) =>
  parseBody(z.object({ id: CustomerId }), params, 'path').id;

export const CustomerSearch = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200, 'ask for at most 200 a page').default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function customersRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  const answer = async (row: CustomerRow) => ({
    customer: toCustomer(row, await listContacts(db, row.id)),
  });

  router.post('/', async (req, res) => {
    const input = parseBody(CreateCustomer, req.body, 'customer');
    if (input.externalId && (await getCustomerByExternalId(db, input.externalId))) {
      throw conflict(
        `A customer with externalId "${input.externalId}" exists; update it with PUT /v1/customers/external/{externalId}`,
      );
    }
    res.status(201).json(await answer(await createCustomer(db, input)));
  });

  router.put('/external/:externalId', async (req, res) => {
    const attrs = parseBody(CustomerAttributes, req.body, 'customer');
    const customerId = await openPipeline(deps).resolve({
      externalId: req.params.externalId,
      customer: attrs,
    });
    res.json(await answer((await getCustomer(db, customerId))!));
  });

  router.get('/', async (req, res) => {
    if (typeof req.query.externalId === 'string') {
      const externalId = req.query.externalId;
      const row = externalId ? await getCustomerByExternalId(db, externalId) : undefined;
      if (!row) throw notFound(`Customer with externalId "${externalId}"`);
      res.json(await answer(row));
      return;
    }
    const query = parseBody(CustomerSearch, req.query, 'query');
    const { rows, total } = await searchCustomers(db, query);
    res.json({
      customers: rows.map((r) => ({
        ...toCustomer(r),
        receiptsCount: r.receipts_count ?? 0,
        totalSpent: Number(r.total_spent ?? 0),
        rfmSegment: r.rfm_segment,
      })),
      total,
    });
  });

  router.get('/:id', async (req, res) => {
    const id = customerIdOf(req.params);
    const row = await getCustomer(db, id);
    if (!row) throw notFound(`Customer ${id}`);
    res.json(await answer(row));
  });

  return router;
}
