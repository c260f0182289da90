// Saved email blocks (issue 14): "our header", "our footer", saved from the editor and offered in
// every template's block list. A block must be MJML the body can hold and must compile as a
// template would (Liquid that parses, known variables), so that inserting it never breaks one.
import { IdParams } from '../../core/contract/common.ts';
import {
  TemplateBlockAnswer,
  TemplateBlockInput,
  TemplateBlockPatch,
  TemplateBlocks,
} from '../../core/contract/template-blocks.ts';
import { badRequest, conflict, notFound } from '../../core/errors.ts';
import { checkEmailTemplate, TemplateError } from '../../core/templates.ts';
import {
  createTemplateBlock,
  deleteTemplateBlock,
  getTemplateBlock,
  isNameTaken,
  listTemplateBlocks,
  type TemplateBlockRow,
  updateTemplateBlock,
} from '../../db/template-blocks.ts';
import { actorOf } from '../audit.ts';
import { route } from '../route.ts';

const params = IdParams('a saved block');

const toBlock = (b: TemplateBlockRow) => ({
  id: b.id,
  name: b.name,
  mjml: b.mjml,
  createdBy: b.created_by,
  createdAt: b.created_at.toISOString(),
  updatedAt: b.updated_at.toISOString(),
});

/** A 400 naming `mjml` unless the block is body content that compiles as a template would. */
async function checkBlock(mjml: string): Promise<void> {
  const fix = 'a block is one or more <mj-section> (or mj-wrapper, mj-hero, mj-raw) elements';
  if (!/^\s*<mj-(section|wrapper|hero|raw)[\s>]/.test(mjml))
    throw badRequest(`The block does not start with a body element: ${fix}`, [
      { field: 'mjml', message: fix },
    ]);
  try {
    await checkEmailTemplate({ subject: 'block', mjml: `<mjml><mj-body>${mjml}</mj-body></mjml>` });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    throw badRequest(`The block does not compile: ${err.message}`, [
      { field: 'mjml', message: err.message },
    ]);
  }
}

const taken = (name: string) =>
  conflict(`A saved block is already named "${name}": choose another name or edit that block`);

export const templateBlockRoutes = [
  route({
    method: 'get',
    path: '/v1/template-blocks',
    permission: 'templates:read',
    summary: 'Saved email blocks ("our header", "our footer"), by name',
    responses: { 200: TemplateBlocks },
    handler: async ({ deps: { db } }) => ({
      blocks: (await listTemplateBlocks(db)).map(toBlock),
    }),
  }),
  route({
    method: 'post',
    path: '/v1/template-blocks',
    permission: 'templates:write',
    summary: 'Save an email block (MJML body elements) under a name, for every template',
    body: TemplateBlockInput,
    responses: { 201: TemplateBlockAnswer },
    errors: [409],
    handler: async ({ body, req, deps: { db } }) => {
      await checkBlock(body.mjml);
      try {
        const createdBy = req.principal ? actorOf(req.principal).actorLabel : null;
        return { block: toBlock(await createTemplateBlock(db, { ...body, createdBy })) };
      } catch (err) {
        if (isNameTaken(err)) throw taken(body.name);
        throw err;
      }
    },
  }),
  route({
    method: 'get',
    path: '/v1/template-blocks/{id}',
    permission: 'templates:read',
    summary: 'A saved email block',
    params,
    responses: { 200: TemplateBlockAnswer },
    errors: [404],
    handler: async ({ params: { id }, deps: { db } }) => {
      const row = await getTemplateBlock(db, id);
      if (!row) throw notFound(`Saved block ${id}`);
      return { block: toBlock(row) };
    },
  }),
  route({
    method: 'patch',
    path: '/v1/template-blocks/{id}',
    permission: 'templates:write',
    summary: 'Rename a saved block or change its MJML (templates that inserted it keep their copy)',
    params,
    body: TemplateBlockPatch,
    responses: { 200: TemplateBlockAnswer },
    errors: [404, 409],
    handler: async ({ params: { id }, body, deps: { db } }) => {
      if (body.mjml !== undefined) await checkBlock(body.mjml);
      try {
        const row = await updateTemplateBlock(db, id, body);
        if (!row) throw notFound(`Saved block ${id}`);
        return { block: toBlock(row) };
      } catch (err) {
        if (isNameTaken(err)) throw taken(body.name ?? '');
        throw err;
      }
    },
  }),
  route({
    method: 'delete',
    path: '/v1/template-blocks/{id}',
    permission: 'templates:write',
    summary: 'Delete a saved block (templates that inserted it keep their copy)',
    params,
    responses: { 204: null },
    errors: [404],
    handler: async ({ params: { id }, deps: { db } }) => {
      if (!(await deleteTemplateBlock(db, id))) throw notFound(`Saved block ${id}`);
    },
  }),
];
