// Custom field definitions: GET (optionally ?entity=customer|receipt|receipt_line), POST, DELETE.
// Values already stored stay as they are when a definition is deleted.
import { Router } from 'express';
import { z } from 'zod';
import { CustomFieldDefinition, CustomFieldEntity } from '../../core/custom-fields.ts';
import { notFound } from '../../core/errors.ts';
import { createCustomField, deleteCustomField, listCustomFields } from '../../db/custom-fields.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

export function customFieldsRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { entity } = parseBody(
      z.object({ entity: CustomFieldEntity.optional() }),
      req.query,
      'query',
    );
    res.json({ fields: await listCustomFields(db, entity) });
  });
  router.post('/', async (req, res) => {
    const definition = parseBody(CustomFieldDefinition, req.body, 'custom field');
    res.status(201).json({ field: await createCustomField(db, definition) });
  });
  router.delete('/:id', async (req, res) => {
    const { id } = parseBody(
      z.object({ id: z.uuid('use a custom field ID (a UUID)') }),
      req.params,
      'path',
    );
    if (!(await deleteCustomField(db, id))) throw notFound(`Custom field ${id}`);
    res.status(204).end();
  });
  return router;
}
