'use client';
// A new segment in the visual builder.
import Link from 'next/link';
import { SegmentEditor } from '../../../../components/segments/SegmentEditor.tsx';

export default function NewSegmentPage() {
  return (
    <>
      <Link href="/segments" className="back">
        ← Segments
      </Link>
      <div className="page-header">
        <h1>New segment</h1>
      </div>
      <SegmentEditor />
    </>
  );
}
