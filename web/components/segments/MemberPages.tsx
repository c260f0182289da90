'use client';
// The customers of a segment (as last recalculated) or of an audience, a page at a time, each
// linked to their 360° profile. Remount it (a new `key`) to start again from the first page.
import Link from 'next/link';
import { useState } from 'react';
import type { SegmentCustomers } from '../../../core/contract/segments.ts';
import { useApi } from '../../lib/use-api.ts';

const PAGE = 50;

export function MemberPages({
  path,
  empty,
  testId,
  linkTestId,
}: {
  /** `/v1/segments/{id}/customers` or `/v1/audiences/{id}/customers`. */
  path: string;
  /** What an empty list says. */
  empty: string;
  testId: string;
  linkTestId: string;
}) {
  // The cursors of the pages seen so far: Previous goes back one.
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  const page = useApi<SegmentCustomers>(`${path}?limit=${PAGE}${after ? `&after=${after}` : ''}`);
  const customers = page.data?.customers ?? [];
  return (
    <>
      {page.error && <p className="notice error">{page.error}</p>}
      <div className="card">
        <table className="table" data-testid={testId}>
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
                  <Link href={`/customers/${c.id}`} className="row-link" data-testid={linkTestId}>
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
                  {empty}
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
          data-testid={`${testId}-next`}
          onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}
        >
          Next
        </button>
      </div>
    </>
  );
}
