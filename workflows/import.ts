// One workflow per CSV import (ID "csv-import:<import ID>"), so an upload is imported once and
// a worker crash only delays it. The progress lives in Postgres, not in the history.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { runCsvImport } = proxyActivities<Activities>({
  startToCloseTimeout: '6 hours',
  // A dead worker is noticed within this time and the import resumes on another one.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});

export async function csvImportWorkflow(importId: string): Promise<{ status: string }> {
  return runCsvImport(importId);
}
