'use client';
// The customers of a segment as of its last recalculation, a page at a time, each linked to their
// 360° profile; the whole list as CSV on demand, or by email on a schedule.
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import type { SegmentAnswer, SegmentCustomers } from '../../../../../../core/contract/segments.ts';
import { ExportSchedule } from '../../../../../components/segments/ExportSchedule.tsx';
import { SegmentHeader } from '../../../../../components/segments/SegmentTabs.tsx';
import { api } from '../../../../../lib/api.ts';
import { useApi } from '../../../../../lib/use-api.ts';
import { useCan } from '../../../../../lib/use-me.tsx';

const PAGE = 50;

export default function SegmentCustomersPage() {
  const { id } = useParams<{ id: string }>();
  const can = useCan();
  const segment = useApi<SegmentAnswer>(`/v1/segments/${id}`);
  // The cursors of the pages seen so far: Previous goes back one.
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  const page = useApi<SegmentCustomers>(
    `/v1/segments/${id}/customers?limit=${PAGE}${after ? `&after=${after}` : ''}`,
  );
  const [refreshing, setRefreshing] = useState(false);
  const [note, setNote] = useState<string>();
  const refresh = async () => {
    setRefreshing(true);
    try {
      const r = await api<{ entered: number; exited: number; profiles: number }>(
        `/v1/segments/${id}/refresh`,
        { method: 'POST' },
      );
      setNote(`Recalculated: ${r.entered} entered, ${r.exited} left, ${r.profiles} in all.`);
      setCursors([]);
      segment.reload();
      page.reload();
    } catch (err) {
      setNote((err as Error).message);
    } finally {
      setRefreshing(false);
    }
  };
  if (segment.error && !segment.data) return <p className="notice error">{segment.error}</p>;
  if (!segment.data) return <p className="muted">Loading…</p>;
  const customers = page.data?.customers ?? [];
  return (
    <>
      <SegmentHeader segment={segment.data.segment} tab="customers" />
      <div className="segment-customers-bar">
        {can('exports:read') && (
          <a
            className="button ghost"
            href={`/api/v1/segments/${id}/customers.csv`}
            download
            data-testid="segment-csv"
          >
            Download CSV
          </a>
        )}
        {can('segments:write') && (
          <button
            type="button"
            className="button ghost"
            disabled={refreshing}
            onClick={() => void refresh()}
            data-testid="segment-refresh"
          >
            {refreshing ? 'Recalculating…' : 'Recalculate now'}
          </button>
        )}
        {note && <span className="muted small">{note}</span>}
      </div>
      {page.error && <p className="notice error">{page.error}</p>}
      <div className="card">
        <table className="table" data-testid="segment-customers">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Email</th>
              <th>Phone</th>
              <th>External ID</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link
                    href={`/customers/${c.id}`}
                    className="row-link"
                    data-testid="segment-customer-link"
                  >
                    {[c.firstName, c.lastName].filter(Boolean).join(' ') ||
                      c.email ||
                      c.externalId ||
                      c.id}
                  </Link>
                </td>
                <td>{c.email ?? <span className="muted">—</span>}</td>
                <td className="nowrap">{c.phone ?? <span className="muted">—</span>}</td>
                <td className="mono small">{c.externalId ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
            {!page.loading && customers.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Nobody in this segment at its last recalculation.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="segment-pager">
        <button
          type="button"
          className="button ghost"
          disabled={cursors.length === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous
        </button>
        <button
          type="button"
          className="button ghost"
          disabled={!page.data?.next}
          data-testid="segment-customers-next"
          onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}
        >
          Next
        </button>
      </div>
      {can('segments:write') && <ExportSchedule segmentId={id} />}
    </>
  );
}
