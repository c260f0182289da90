// Customers: create, upsert by the caller's external ID, get. Answers carry the customer's
// contacts with their validity, so a caller sees what Herald made of a messy phone or email.
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
  toCustomer,
  upsertCustomerByExternalId,
} from '../../db/customers.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

const CustomerId = z.uuid('use a Herald customer ID (a UUID)');

export function customersRouter({ db }: ApiDeps): Router {
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
    const row = await upsertCustomerByExternalId(db, req.params.externalId, attrs);
    res.json(await answer(row));
  });

  router.get('/', async (req, res) => {
    const { externalId } = parseBody(
      z.object({ externalId: z.string().min(1, 'pass ?externalId=... to find a customer') }),
      req.query,
      'query',
    );
    const row = await getCustomerByExternalId(db, externalId);
    if (!row) throw notFound(`Customer with externalId "${externalId}"`);
    res.json(await answer(row));
  });

  router.get('/:id', async (req, res) => {
    const id = parseBody(CustomerId, req.params.id, 'customer ID');
    const row = await getCustomer(db, id);
    if (!row) throw notFound(`Customer ${id}`);
    res.json(await answer(row));
  });

  return router;
}
