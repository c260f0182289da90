// CSV imports: POST /v1/imports?kind=customers|events|receipts with the file as the body
// (text/csv), then GET /v1/imports/{id} for progress and the row-by-row error report. The import
// runs as a Temporal workflow, so it survives a crash of the worker and resumes where it stopped.
// Bulk imports store data only: imported events do not start campaigns.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import express from 'express';
import { z } from 'zod';
import { IdParams } from '../../core/contract/common.ts';
import {
  ImportAnswer,
  ImportErrorsQuery,
  ImportProgress,
  ImportQuery,
  Imports,
} from '../../core/contract/imports.ts';
import { badRequest, HeraldError, notFound } from '../../core/errors.ts';
import {
  createImport,
  getImport,
  importErrors,
  listImports,
  toImport,
  writeImportErrorsCsv,
} from '../../db/imports.ts';
import { CSV_IMPORT_WORKFLOW_TYPE, csvImportWorkflowId } from '../../workflows/import-api.ts';
import type { Db } from '../../db/connection.ts';
import type { ApiDeps } from '../deps.ts';
import { route } from '../route.ts';

const MAX_FILE = '500mb';

async function startImport(deps: ApiDeps, id: string): Promise<void> {
  try {
    await deps.temporal.workflow.start(CSV_IMPORT_WORKFLOW_TYPE, {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      workflowId: csvImportWorkflowId(id),
      args: [id],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    throw new HeraldError(
      503,
      'temporal_unavailable',
      `The file is stored as import ${id}, but it could not be started (${(err as Error).message}). ` +
        `POST /v1/imports/${id}/resume to start it.`,
    );
  }
}

const loadImport = async (db: Db, id: string) => {
  const row = await getImport(db, id);
  if (!row) throw notFound(`Import ${id}`);
  return row;
};
const ImportParams = IdParams('an import');

export const importRoutes = [
  route({
    method: 'post',
    path: '/v1/imports',
    permission: 'imports:write',
    summary:
      'Import a CSV (the file is the body, Content-Type text/csv) of customers (upserted by externalId), events or receipts (one row per line). Runs in the background; bulk imports store data only and do not start campaigns',
    query: ImportQuery,
    unparsedBody: {
      contentType: 'text/csv',
      schema: z.string(),
      parser: express.raw({
        type: ['text/csv', 'text/plain', 'application/octet-stream'],
        limit: MAX_FILE,
      }),
    },
    responses: {
      202: { schema: ImportAnswer, description: 'Queued; follow GET /v1/imports/{id}' },
    },
    errors: [413, 503],
    handler: async ({ query, req, deps }) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw badRequest('Send the CSV file as the request body with "Content-Type: text/csv".', [
          { field: '(body)', message: 'send a CSV file with a header row' },
        ]);
      const row = await createImport(deps.db, { ...query, content: req.body });
      await startImport(deps, row.id);
      return { import: toImport(row) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/imports',
    permission: 'imports:read',
    summary: 'Recent imports',
    responses: { 200: Imports },
    handler: async ({ deps: { db } }) => ({ imports: (await listImports(db)).map(toImport) }),
  }),
  route({
    method: 'get',
    path: '/v1/imports/{id}',
    permission: 'imports:read',
    summary:
      'Progress (rows read, imported, failed, skipped) and the error report: row (as a spreadsheet numbers it, header = 1), column and the fix',
    params: ImportParams,
    query: ImportErrorsQuery,
    responses: { 200: ImportProgress },
    errors: [404],
    handler: async ({ params, query: { offset, limit }, deps: { db } }) => {
      const row = await loadImport(db, params.id);
      return { import: toImport(row), errors: await importErrors(db, row.id, offset, limit) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/imports/{id}/errors.csv',
    permission: 'imports:read',
    summary: 'The whole error report as CSV: row, column, message',
    params: ImportParams,
    responses: { 200: { description: 'The report', contentType: 'text/csv' } },
    errors: [404],
    handler: async ({ params, res, deps: { db } }) => {
      const row = await loadImport(db, params.id);
      res
        .type('text/csv')
        .set('Content-Disposition', `attachment; filename="import-${row.id}-errors.csv"`);
      await writeImportErrorsCsv(db, row.id, res);
    },
  }),
  route({
    method: 'post',
    path: '/v1/imports/{id}/resume',
    permission: 'imports:write',
    summary:
      'Start an import again if it is not running (it continues after its last committed chunk)',
    params: ImportParams,
    responses: { 202: ImportAnswer },
    errors: [404, 503],
    handler: async ({ params, deps }) => {
      const row = await loadImport(deps.db, params.id);
      if (row.status === 'queued' || row.status === 'running') await startImport(deps, row.id);
      return { import: toImport(row) };
    },
  }),
];
