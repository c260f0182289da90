// The scheduled export activity: writes one kind's CSV into the export folder, under a name
// that sorts by time. The file appears whole or not at all (written aside, then renamed), so
// whatever picks files up from the folder never reads half of one.
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../core/config.ts';
import type { ExportKind } from '../core/csv-export.ts';
import { writeCsv } from '../db/exports.ts';
import type { ActivityDeps } from './deps.ts';

export interface ExportFileInput {
  /** The schedule's name: its files go to a folder of that name under EXPORT_DIR. */
  name: string;
  kind: ExportKind;
  /** The schedule's time for this run (ISO), so a retried run writes the same file. */
  at: string;
}

export function exportActivities(
  { db }: Pick<ActivityDeps, 'db'>,
  exportDir = loadConfig().exportDir,
) {
  return {
    async writeExportFile(input: ExportFileInput): Promise<{ file: string; rows: number }> {
      const dir = path.resolve(exportDir, input.name);
      await mkdir(dir, { recursive: true });
      const stamp = input.at.replace(/[:.]/g, '-');
      const file = path.join(dir, `${input.kind}-${stamp}.csv`);
      const partial = `${file}.partial`;
      const rows = await writeCsv(db, input.kind, createWriteStream(partial));
      await rename(partial, file);
      return { file, rows };
    },
  };
}
