// Email templates: MJML with Liquid. A template is compiled on save, so a broken one is
// refused here with the field at fault rather than failing later in a journey.
import { CreateTemplate } from '../../core/campaign.ts';
import { IdParams } from '../../core/contract/common.ts';
import { TemplateAnswer, Templates } from '../../core/contract/templates.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { checkEmailTemplate, TemplateError } from '../../core/templates.ts';
import {
  createTemplate,
  getTemplate,
  listTemplates,
  type TemplateRow,
} from '../../db/templates.ts';
import { route } from '../route.ts';

export const toTemplate = (t: TemplateRow) => ({
  id: t.id,
  name: t.name,
  channel: t.channel,
  subject: t.subject,
  mjml: t.body,
  revision: t.revision,
  publishedRevision: t.published_revision ?? null,
  createdAt: t.created_at.toISOString(),
  updatedAt: t.updated_at.toISOString(),
});

export const templateRoutes = [
  route({
    method: 'post',
    path: '/v1/templates',
    permission: 'templates:write',
    summary:
      'Create an email template (MJML + Liquid); it must compile, and render within the Liquid limits',
    body: CreateTemplate,
    responses: { 201: TemplateAnswer },
    handler: async ({ body, deps: { db } }) => {
      try {
        await checkEmailTemplate(body);
      } catch (err) {
        if (err instanceof TemplateError)
          throw badRequest(
            `The template ${err.overLimit ? 'is refused' : 'does not compile'}: ${err.message}`,
            [{ field: err.field, message: err.message }],
          );
        throw err;
      }
      return { template: toTemplate(await createTemplate(db, body)) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/templates',
    permission: 'templates:read',
    summary: 'List templates',
    responses: { 200: Templates },
    handler: async ({ deps: { db } }) => ({ templates: (await listTemplates(db)).map(toTemplate) }),
  }),
  route({
    method: 'get',
    path: '/v1/templates/{id}',
    permission: 'templates:read',
    summary: 'Get a template',
    params: IdParams('a template'),
    responses: { 200: TemplateAnswer },
    errors: [404],
    handler: async ({ params: { id }, deps: { db } }) => {
      const row = await getTemplate(db, id);
      if (!row) throw notFound(`Template ${id}`);
      return { template: toTemplate(row) };
    },
  }),
];
