// Custom field definitions: GET (optionally ?entity=customer|receipt|receipt_line), POST, DELETE.
// Values already stored stay as they are when a definition is deleted.
import { IdParams } from '../../core/contract/common.ts';
import {
  CustomFieldAnswer,
  CustomFields,
  CustomFieldsQuery,
} from '../../core/contract/custom-fields.ts';
import { CustomFieldDefinition } from '../../core/custom-fields.ts';
import { notFound } from '../../core/errors.ts';
import { createCustomField, deleteCustomField, listCustomFields } from '../../db/custom-fields.ts';
import { route } from '../route.ts';

export const customFieldRoutes = [
  route({
    method: 'get',
    path: '/v1/custom-fields',
    permission: 'customers:read',
    summary: 'Custom field definitions',
    query: CustomFieldsQuery,
    responses: { 200: CustomFields },
    handler: async ({ query, deps: { db } }) => ({
      fields: await listCustomFields(db, query.entity),
    }),
  }),
  route({
    method: 'post',
    path: '/v1/custom-fields',
    permission: 'settings:write',
    summary: 'Define a custom field (text, number, date, boolean, list) for an entity',
    body: CustomFieldDefinition,
    responses: { 201: CustomFieldAnswer },
    errors: [409],
    handler: async ({ body, deps: { db } }) => ({ field: await createCustomField(db, body) }),
  }),
  route({
    method: 'delete',
    path: '/v1/custom-fields/{id}',
    permission: 'settings:write',
    summary: 'Delete a definition (stored values stay)',
    params: IdParams('a custom field'),
    responses: { 204: null },
    errors: [404],
    handler: async ({ params: { id }, deps: { db } }) => {
      if (!(await deleteCustomField(db, id))) throw notFound(`Custom field ${id}`);
    },
  }),
];
