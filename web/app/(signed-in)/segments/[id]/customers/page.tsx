'use client';
// The customers of a segment as of its last recalculation, a page at a time, each linked to their
// 360° profile; the whole list as CSV on demand, or by email on a schedule.
import { useParams } from 'next/navigation';
import { useState } from 'react';
import type { SegmentAnswer } from '../../../../../../core/contract/segments.ts';
import { ExportSchedule } from '../../../../../components/segments/ExportSchedule.tsx';
import { MemberPages } from '../../../../../components/segments/MemberPages.tsx';
import { SegmentHeader } from '../../../../../components/segments/SegmentTabs.tsx';
import { api } from '../../../../../lib/api.ts';
import { useApi } from '../../../../../lib/use-api.ts';
import { useCan } from '../../../../../lib/use-me.tsx';

export default function SegmentCustomersPage() {
  const { id } = useParams<{ id: string }>();
  const can = useCan();
  const segment = useApi<SegmentAnswer>(`/v1/segments/${id}`);
  // Bumped by a recalculation: the list starts again from its first page.
  const [version, setVersion] = useState(0);
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
      setVersion((v) => v + 1);
      segment.reload();
    } catch (err) {
      setNote((err as Error).message);
    } finally {
      setRefreshing(false);
    }
  };
  if (segment.error && !segment.data) return <p className="notice error">{segment.error}</p>;
  if (!segment.data) return <p className="muted">Loading…</p>;
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
      <MemberPages
        key={version}
        path={`/v1/segments/${id}/customers`}
        empty="Nobody in this segment at its last recalculation."
        testId="segment-customers"
        linkTestId="segment-customer-link"
      />
      {can('segments:write') && <ExportSchedule segmentId={id} />}
    </>
  );
}
