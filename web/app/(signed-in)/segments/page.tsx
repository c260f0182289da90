'use client';
// Saved segments: name, folder, how many customers each holds and their share of the base, and
// the size trend over its recalculations. Each opens in the builder.
import Link from 'next/link';
import type { SegmentList } from '../../../../core/contract/segments.ts';
import { formatShare } from '../../../components/segments/format.ts';
import { SizeTrend } from '../../../components/segments/SizeTrend.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';
import { useCan } from '../../../lib/use-me.tsx';
import { EmptyRow } from '../../../components/EmptyRow.tsx';

export default function SegmentsPage() {
  const { data, error, loading } = useApi<SegmentList>('/v1/segments');
  const can = useCan();
  const segments = [...(data?.segments ?? [])].sort(
    (a, b) => (a.folder ?? '').localeCompare(b.folder ?? '') || a.name.localeCompare(b.name),
  );
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Segments</h1>
          <p className="muted">Groups of customers by any rule, recalculated on their schedule.</p>
        </div>
        {can('segments:write') && (
          <Link href="/segments/new" className="button primary" data-testid="new-segment">
            New segment
          </Link>
        )}
      </div>
      {error && <p className="notice error">{error}</p>}
      <div className="card">
        <table className="table" data-testid="segments-table">
          <thead>
            <tr>
              <th>Segment</th>
              <th>Folder</th>
              <th className="num">Customers</th>
              <th className="num">Share</th>
              <th>Trend</th>
              <th>Recalculated</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.id} data-testid={`segment-row-${s.id}`}>
                <td>
                  <Link href={`/segments/${s.id}`} className="row-link" data-testid="segment-link">
                    {s.name}
                  </Link>
                  {s.problems.length > 0 && <span className="badge badge-draft">draft</span>}
                  {s.description && <div className="muted small">{s.description}</div>}
                </td>
                <td>{s.folder ?? <span className="muted">—</span>}</td>
                <td className="num" data-testid="segment-size">
                  {s.metrics ? (
                    s.metrics.profiles.toLocaleString()
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">{s.metrics ? formatShare(s.metrics.share) : '—'}</td>
                <td>
                  <SizeTrend segmentId={s.id} />
                </td>
                <td className="muted nowrap">
                  {s.refreshedAt ? formatDateTime(s.refreshedAt) : 'not yet'}
                </td>
              </tr>
            ))}
            {!loading && segments.length === 0 && <EmptyRow columns={6}>No segments yet.</EmptyRow>}
          </tbody>
        </table>
      </div>
    </>
  );
}
