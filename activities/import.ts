// The CSV import activity: runs an import to its end, heartbeating after every committed chunk.
// When the worker dies mid-import, Temporal notices the missing heartbeat and retries the
// activity elsewhere; runImport resumes after the last committed chunk.
import { Context } from '@temporalio/activity';
import { runImport } from '../db/imports.ts';
import type { ActivityDeps } from './deps.ts';

export function importActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    async runCsvImport(importId: string): Promise<{ status: string; rowsDone: number }> {
      const row = await runImport(db, importId, {
        onChunk: (r) => Context.current().heartbeat(r.rows_done),
      });
      return { status: row.status, rowsDone: row.rows_done };
    },
  };
}
