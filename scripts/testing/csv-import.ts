// Uploads a CSV through POST /v1/imports, as the web app does, and waits for the import to end.
import assert from 'node:assert/strict';
import { eventually, type Harness } from './harness.ts';

/** Uploads a CSV and waits for its import to finish; returns the final report. */
export async function importCsv(harness: Harness, kind: string, csv: string) {
  const res = await fetch(`${harness.apiUrl}/v1/imports?kind=${kind}&fileName=${kind}.csv`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${harness.apiKey}` },
    body: csv,
  });
  const body = (await res.json()) as { import: { id: string } };
  assert.equal(res.status, 202, JSON.stringify(body));
  return eventually(async () => {
    const r = await harness.api(`/v1/imports/${body.import.id}`);
    return r.body.import.status === 'completed' || r.body.import.status === 'failed'
      ? r.body
      : undefined;
  });
}
