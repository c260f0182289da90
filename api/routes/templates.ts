// Templates: email (MJML with Liquid), SMS, push and Viber (text with Liquid). A template is compiled on save, so a broken one is
// refused here with the field at fault rather than failing later in a journey.
import express from 'express';
import { z } from 'zod';
import { CreateTemplate } from '../../core/campaign.ts';
import { IdParams } from '../../core/contract/common.ts';
import {
  ImportedTemplateAnswer,
  TemplateAnswer,
  TemplateImportQuery,
  Templates,
} from '../../core/contract/templates.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { checkTemplate } from '../../core/channel-templates.ts';
import { TemplateError } from '../../core/templates.ts';
import {
  createTemplate,
  getTemplate,
  listTemplates,
  type TemplateRow,
} from '../../db/templates.ts';
import { route } from '../route.ts';
import { IMPORT_LIMITS, importTemplate } from '../template-import.ts';
import { templateProblem } from '../template-render.ts';

export const toTemplate = (t: TemplateRow) => ({
  id: t.id,
  name: t.name,
  channel: t.channel,
  subject: t.subject,
  ...(t.channel === 'email' && { mjml: t.body }),
  body: t.body,
  content: t.content ?? {},
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
      'Create a template: email (subject + MJML), SMS (body), push (subject as title + body, content.imageUrl, content.deepLink) or Viber (body, content.imageUrl, content.buttonText + buttonUrl), all with Liquid; it must compile, use known variables and render within the Liquid limits',
    body: CreateTemplate,
    responses: { 201: TemplateAnswer },
    handler: async ({ body, deps: { db } }) => {
      try {
        await checkTemplate(body.channel, body);
      } catch (err) {
        if (err instanceof TemplateError)
          throw templateProblem(err, err.overLimit ? 'is refused' : 'does not compile');
        throw err;
      }
      return { template: toTemplate(await createTemplate(db, body)) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/templates/import',
    permission: 'templates:write',
    summary:
      'Import an email template: an HTML or MJML file, or a zip of one (index.html or one .mjml) with its images, which are stored and served by Herald and the references to them rewritten (zip up to 20 MB, 200 files, 5 MB an image)',
    query: TemplateImportQuery,
    unparsedBody: {
      // Any file: .html, .mjml or .zip, told apart by their bytes, not by the header.
      contentType: 'application/octet-stream',
      schema: z.string(),
      parser: express.raw({ type: () => true, limit: IMPORT_LIMITS.bytes }),
    },
    responses: { 201: ImportedTemplateAnswer },
    errors: [413],
    handler: async ({ query, req, deps }) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw badRequest('Send the file as the request body.', [
          { field: '(body)', message: 'send an .html, .mjml or .zip file' },
        ]);
      const body = req.body;
      const base = deps.config.trackingUrl.replace(/\/+$/, '');
      return deps.db.transaction(async (trx) => {
        const imported = await importTemplate(trx, body, base);
        const template = {
          name: query.name,
          channel: 'email' as const,
          subject: imported.subject ?? query.name,
          mjml: imported.mjml,
        };
        try {
          await checkTemplate('email', template);
        } catch (err) {
          if (err instanceof TemplateError) throw templateProblem(err, 'does not compile');
          throw err;
        }
        const row = await createTemplate(trx, template);
        return {
          template: toTemplate(row),
          images: imported.images,
          unresolved: imported.unresolved,
        };
      });
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
