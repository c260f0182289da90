// Email templates: MJML with Liquid. A template is compiled on save, so a broken one is
// refused here with the field at fault rather than failing later in a journey.
import { Router } from 'express';
import { z } from 'zod';
import { CreateTemplate } from '../../core/campaign.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { compileEmailTemplate, TemplateError } from '../../core/templates.ts';
import {
  createTemplate,
  getTemplate,
  listTemplates,
  type TemplateRow,
} from '../../db/templates.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

const toTemplate = (t: TemplateRow) => ({
  id: t.id,
  name: t.name,
  channel: t.channel,
  subject: t.subject,
  mjml: t.body,
  revision: t.revision,
  createdAt: t.created_at.toISOString(),
  updatedAt: t.updated_at.toISOString(),
});

export function templatesRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const input = parseBody(CreateTemplate, req.body, 'template');
    try {
      await compileEmailTemplate(input);
    } catch (err) {
      if (err instanceof TemplateError)
        throw badRequest(`The template does not compile: ${err.message}`, [
          { field: err.field, message: err.message },
        ]);
      throw err;
    }
    res.status(201).json({ template: toTemplate(await createTemplate(db, input)) });
  });
  router.get('/', async (_req, res) => {
    res.json({ templates: (await listTemplates(db)).map(toTemplate) });
  });
  router.get('/:id', async (req, res) => {
    const id = parseBody(z.uuid('use a template ID (a UUID)'), req.params.id, 'template ID');
    const row = await getTemplate(db, id);
    if (!row) throw notFound(`Template ${id}`);
    res.json({ template: toTemplate(row) });
  });
  return router;
}
