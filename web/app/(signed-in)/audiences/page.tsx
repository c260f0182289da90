'use client';
// Static audiences: named lists of customers that never change by themselves (frozen from a
// segment on a day, uploaded as a CSV, or kept by hand), with their sizes. Each opens on its
// customers; any is selectable wherever a segment is.
import Link from 'next/link';
import { useState } from 'react';
import type { AudienceList } from '../../../../core/contract/segments.ts';
import { NewAudience } from '../../../components/segments/NewAudience.tsx';
import { ORIGIN } from '../../../lib/audiences.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';
import { useCan } from '../../../lib/use-me.tsx';
import { EmptyRow } from '../../../components/EmptyRow.tsx';

export default function AudiencesPage() {
  const { data, error, loading } = useApi<AudienceList>('/v1/audiences');
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const audiences = data?.audiences ?? [];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audiences</h1>
          <p className="muted">
            Fixed lists of customers: a segment frozen on a day, or a file of external IDs.
          </p>
        </div>
        {can('segments:write') && !creating && (
          <button
            type="button"
            className="button primary"
            data-testid="new-audience"
            onClick={() => setCreating(true)}
          >
            New audience
          </button>
        )}
      </div>
      {creating && <NewAudience onCancel={() => setCreating(false)} />}
      {error && <p className="notice error">{error}</p>}
      <div className="card">
        <table className="table" data-testid="audiences-table">
          <thead>
            <tr>
              <th>Audience</th>
              <th>Made from</th>
              <th className="num">Customers</th>
              <th>Created</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {audiences.map((a) => (
              <tr key={a.id} data-testid={`audience-row-${a.id}`}>
                <td>
                  <Link
                    href={`/audiences/${a.id}`}
                    className="row-link"
                    data-testid="audience-link"
                  >
                    {a.name}
                  </Link>
                  {a.description && <div className="muted small">{a.description}</div>}
                </td>
                <td>{ORIGIN[a.origin]}</td>
                <td className="num" data-testid="audience-size">
                  {a.members.toLocaleString()}
                </td>
                <td className="muted nowrap">{formatDateTime(a.createdAt)}</td>
                <td className="muted nowrap">{formatDateTime(a.updatedAt)}</td>
              </tr>
            ))}
            {!loading && audiences.length === 0 && (
              <EmptyRow columns={5}>No audiences yet.</EmptyRow>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
