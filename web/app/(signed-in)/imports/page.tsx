'use client';
// CSV imports: pick a kind and a file, watch the progress bar, read the row-by-row error report.
// The file goes to the api as it is (text/csv); the import runs in the worker, so closing this
// page does not stop it, and the report is here when you come back.
import { useState } from 'react';
import type { Import, ImportProgress, Imports } from '../../../../core/contract/imports.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { ApiError } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { sayError } from '../../../lib/error-words.ts';

type Kind = Import['kind'];
const padded = { padding: 16 };

const columnsHelp: Record<Kind, string> = {
  customers:
    'externalId (required), email, phone, firstName, lastName, gender, birthDate, city, timeZone, locale, custom.<field>',
  events:
    'externalId and type (required), occurredAt, idempotencyKey, properties (JSON) or properties.<name>',
  receipts:
    'one row per line: receiptId, externalId, occurredAt, price (required), kind, originalReceiptId, currency (default: the account currency), store, total, productId, name, category, quantity, amount, custom.<field>, lineCustom.<field>',
};

async function upload(kind: Kind, file: File): Promise<string> {
  const query = new URLSearchParams({ kind, fileName: file.name });
  const res = await fetch(`/api/v1/imports?${query.toString()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv', accept: 'application/json' },
    body: file,
  });
  const body = (await res.json().catch(() => undefined)) as
    { import?: { id: string }; error?: { message?: string } } | undefined;
  if (!res.ok || !body?.import)
    throw new ApiError(res.status, body?.error?.message ?? `Herald answered ${res.status}`);
  return body.import.id;
}

function ImportReport({ id }: { id: string }) {
  const { data, error } = useApi<ImportProgress>(`/v1/imports/${id}?limit=500`, 1000);
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <p className="muted">Loading…</p>;
  const imp = data.import;
  return (
    <section className="section" data-testid="import-report">
      <div className="section-header">
        <h2>
          {imp.fileName ?? imp.kind} <StatusBadge status={imp.status} />
        </h2>
      </div>
      <div className="card" style={padded}>
        <progress
          max={1}
          value={imp.status === 'completed' ? 1 : imp.progress}
          style={{ width: '100%', height: 16 }}
          data-testid="import-progress"
        />
        <p data-testid="import-counts">
          {imp.rowsDone} of {imp.rowsTotal ?? '…'} rows read: {imp.rowsImported} imported,{' '}
          {imp.rowsFailed} with errors
          {imp.rowsSkipped > 0 && `, ${imp.rowsSkipped} already in Herald`}
        </p>
        {imp.error && <ErrorNotice error={imp.error} />}
        {data.errors.length > 0 && (
          <table className="table" data-testid="import-errors">
            <thead>
              <tr>
                <th className="num">Row</th>
                <th>Column</th>
                <th>What to fix</th>
              </tr>
            </thead>
            <tbody>
              {data.errors.map((e, i) => (
                <tr key={`${e.row}-${i}`}>
                  <td className="num">{e.row}</td>
                  <td className="mono">{e.column ?? '—'}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {imp.rowsFailed > 0 && (
          <p className="small">
            <a
              href={`/api/v1/imports/${imp.id}/errors.csv`}
              download={`${imp.fileName ?? 'import'}-errors.csv`}
              data-testid="import-errors-csv"
            >
              Download the error report (CSV)
            </a>
            {data.errors.length === 500 && ' — only the first 500 errors are shown here'}
          </p>
        )}
      </div>
    </section>
  );
}

export default function ImportsPage() {
  const [kind, setKind] = useState<Kind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const recent = useApi<Imports>('/v1/imports', 5000);

  async function start() {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      setCurrent(await upload(kind, file));
    } catch (err) {
      setProblem(sayError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>Imports</h1>
      </div>
      <div className="card" style={padded}>
        <p className="muted">
          Upload a CSV with a header row. Bulk imports store data only: imported events do not start
          campaigns.
        </p>
        <label>
          Kind{' '}
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            data-testid="import-kind"
          >
            <option value="customers">Customers</option>
            <option value="events">Events</option>
            <option value="receipts">Receipts</option>
          </select>
        </label>{' '}
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          data-testid="import-file"
        />{' '}
        <button
          type="button"
          className="button primary"
          disabled={!file || busy}
          onClick={() => void start()}
          data-testid="import-start"
        >
          Import
        </button>
        <p className="muted small">Columns: {columnsHelp[kind]}</p>
        {problem && <ErrorNotice error={problem} />}
      </div>
      {current && <ImportReport id={current} />}
      <section className="section">
        <div className="section-header">
          <h2>Recent imports</h2>
        </div>
        <div className="card">
          <table className="table">
            <thead>
              <tr>
                <th>File</th>
                <th>Kind</th>
                <th>Status</th>
                <th className="num">Imported</th>
                <th className="num">Errors</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {(recent.data?.imports ?? []).map((i) => (
                <tr key={i.id}>
                  <td>
                    <button type="button" className="button ghost" onClick={() => setCurrent(i.id)}>
                      {i.fileName ?? i.id}
                    </button>
                  </td>
                  <td>{i.kind}</td>
                  <td>
                    <StatusBadge status={i.status} />
                  </td>
                  <td className="num">{i.rowsImported}</td>
                  <td className="num">{i.rowsFailed}</td>
                  <td>{formatDateTime(i.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
