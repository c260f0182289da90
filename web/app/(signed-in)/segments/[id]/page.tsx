'use client';
// A saved segment in the visual builder.
import { useParams } from 'next/navigation';
import type { SegmentAnswer } from '../../../../../core/contract/segments.ts';
import { SegmentEditor } from '../../../../components/segments/SegmentEditor.tsx';
import { SegmentHeader } from '../../../../components/segments/SegmentTabs.tsx';
import { useApi } from '../../../../lib/use-api.ts';

export default function SegmentPage() {
  const { id } = useParams<{ id: string }>();
  const { data, error, reload } = useApi<SegmentAnswer>(`/v1/segments/${id}`);
  if (error && !data) return <p className="notice error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <>
      <SegmentHeader segment={data.segment} tab="rules" />
      <SegmentEditor key={data.segment.id} segment={data.segment} onSaved={reload} />
    </>
  );
}
