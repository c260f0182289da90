'use client';
// The tabs of a saved segment: its rules in the builder, and its customers.
import Link from 'next/link';
import type { Segment } from '../../../core/contract/segments.ts';
import { formatShare } from './format.ts';

export function SegmentHeader({ segment, tab }: { segment: Segment; tab: 'rules' | 'customers' }) {
  return (
    <>
      <Link href="/segments" className="back">
        ← Segments
      </Link>
      <div className="page-header">
        <div>
          <h1 data-testid="segment-title">{segment.name}</h1>
          <p className="muted">
            {segment.metrics
              ? `${segment.metrics.profiles.toLocaleString()} customers, ${formatShare(segment.metrics.share)} of the base`
              : 'Not calculated yet'}
            {segment.folder && ` · ${segment.folder}`}
          </p>
        </div>
      </div>
      <nav className="tabs">
        <Link
          href={`/segments/${segment.id}`}
          className={`tab${tab === 'rules' ? ' active' : ''}`}
          data-testid="tab-rules"
        >
          Rules
        </Link>
        <Link
          href={`/segments/${segment.id}/customers`}
          className={`tab${tab === 'customers' ? ' active' : ''}`}
          data-testid="tab-customers"
        >
          Customers
        </Link>
      </nav>
    </>
  );
}
