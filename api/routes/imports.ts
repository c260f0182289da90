// CSV imports: POST /v1/imports?kind=customers|events|receipts with the file as the body
// (text/csv), then GET /v1/imports/{id} for progress and the row-by-row error report. The import
// runs as a Temporal workflow, so it survives a crash of the worker and resumes where it stopped.
// Bulk imports store data only: imported events do not start campaigns.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import express, { Router } from 'express';
import { z } from 'zod';
import { ImportKind } from '../../core/csv-import.ts';
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
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';

export const ImportQuery = z.object({
  kind: ImportKind,
  fileName: z.string().max(300).optional(),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportErrorsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

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

export function importsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post(
    '/',
    express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream'], limit: MAX_FILE }),
    async (req, res) => {
      const query = parseBody(ImportQuery, req.query, 'query');
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw badRequest('Send the CSV file as the request body with "Content-Type: text/csv".', [
          { field: '(body)', message: 'send a CSV file with a header row' },
        ]);
      const row = await createImport(deps.db, { ...query, content: req.body });
      await startImport(deps, row.id);
      res.status(202).json({ import: toImport(row) });
    },
  );
  router.get('/', async (_req, res) => {
    res.json({ imports: (await listImports(deps.db)).map(toImport) });
  });
  const load = async (raw: unknown) => {
    const id = parseBody(z.uuid('use an import ID (a UUID)'), raw, 'import ID');
    const row = await getImport(deps.db, id);
    if (!row) throw notFound(`Import ${id}`);
    return row;
  };
  router.get('/:id', async (req, res) => {
    const row = await load(req.params.id);
    const { offset, limit } = parseBody(ImportErrorsQuery, req.query, 'query');
    res.json({ import: toImport(row), errors: await importErrors(deps.db, row.id, offset, limit) });
  });
  router.get('/:id/errors.csv', async (req, res) => {
    const row = await load(req.params.id);
    res
      .type('text/csv')
      .set('Content-Disposition', `attachment; filename="import-${row.id}-errors.csv"`);
    await writeImportErrorsCsv(deps.db, row.id, res);
  });
  router.post('/:id/resume', async (req, res) => {
    const row = await load(req.params.id);
    if (row.status === 'queued' || row.status === 'running') await startImport(deps, row.id);
    res.status(202).json({ import: toImport(row) });
  });
  return router;
}
