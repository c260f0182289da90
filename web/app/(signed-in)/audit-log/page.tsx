'use client';
// The audit log, for admins: who published, stopped, erased, exported or changed a setting, a
// key, a user or a role, newest first; older entries page in by cursor.
import { useEffect, useState } from 'react';
import type { AuditEntry, AuditLogPage } from '../../../../core/contract/audit.ts';
import { api } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { NotAllowed, useCan } from '../../../lib/use-me.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { sayError } from '../../../lib/error-words.ts';

const KINDS = ['', 'campaign.', 'customer.', 'export.', 'setting.', 'api_key.', 'user.'];

export default function AuditLogScreen() {
  const allowed = useCan()('audit-log:read');
  const [kind, setKind] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  async function load(before: string | null, filter: string) {
    const query = new URLSearchParams({ limit: '50' });
    if (before) query.set('before', before);
    if (filter) query.set('action', filter);
    try {
      const page = await api<AuditLogPage>(`/v1/audit-log?${query.toString()}`);
      setEntries((shown) => (before ? [...shown, ...page.entries] : page.entries));
      setNext(page.next);
    } catch (err) {
      setError(sayError(err));
    }
  }
  useEffect(() => {
    if (allowed) void load(null, kind);
  }, [allowed, kind]);

  if (!allowed) return <NotAllowed what="read the audit log" />;
  return (
    <>
      <div className="page-header">
        <h1>Audit log</h1>
        <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="audit-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k ? k.slice(0, -1) : 'everything'}
            </option>
          ))}
        </select>
      </div>
      {error && <ErrorNotice error={error} />}
      <div className="card">
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>On</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>{e.actor.label}</td>
                <td className="mono">{e.action}</td>
                <td className="mono small">
                  {e.target.type} {e.target.id}
                </td>
                <td className="small">{JSON.stringify(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next && (
        <button type="button" className="button ghost" onClick={() => void load(next, kind)}>
          Older entries
        </button>
      )}
    </>
  );
}
