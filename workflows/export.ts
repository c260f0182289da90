// A scheduled export: one file per kind into EXPORT_DIR/<schedule name>/. Started by a
// Temporal Schedule (api/routes/exports.ts), which names the run's time in its workflow ID.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { ExportKind } from '../core/csv-export.ts';

const { writeExportFile } = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export interface ExportWorkflowInput {
  name: string;
  kinds: ExportKind[];
}

export async function exportWorkflow(
  input: ExportWorkflowInput,
): Promise<{ files: { file: string; rows: number }[] }> {
  const at = workflowInfo().startTime.toISOString();
  const files = [];
  for (const kind of input.kinds) files.push(await writeExportFile({ name: input.name, kind, at }));
  return { files };
}
