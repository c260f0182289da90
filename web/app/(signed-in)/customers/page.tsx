'use client';
// The customer list: newest first, searched by name, email, phone or external ID, a page at a
// time. Each row opens the customer's 360° profile.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';
import styles from './customers.module.css';
import { EmptyRow } from '../../../components/EmptyRow.tsx';
import { type CustomerList, displayName, formatAmount, segmentName } from './profile-types.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';

const PAGE = 50;
const TYPING_PAUSE_MS = 300;

export default function CustomersPage() {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);

  // Search when the typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(typed.trim());
      setOffset(0);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (q) params.set('q', q);
  const { data, error, loading, reload } = useApi<CustomerList>(
    `/v1/customers?${params.toString()}`,
  );
  const customers = data?.customers ?? [];
  const total = data?.total ?? 0;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Customers</h1>
          {data && (
            <p className="muted">
              {total.toLocaleString()} {q ? 'matching' : 'in all'}
            </p>
          )}
        </div>
        <input
          type="search"
          className={styles.search}
          placeholder="Search name, email, phone or external ID"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-label="Search customers"
          data-testid="customer-search"
        />
      </div>
      {error && <ErrorNotice error={error} onRetry={reload} />}
      <div className="card">
        <table className="table" data-testid="customers-table">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Phone</th>
              <th>External ID</th>
              <th className="num">Receipts</th>
              <th className="num">Spent</th>
              <th>Segment</th>
              <th>Added</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id} data-testid={`customer-row-${c.id}`}>
                <td>
                  <Link
                    href={`/customers/${c.id}`}
                    className="row-link"
                    data-testid="customer-link"
                  >
                    {displayName(c)}
                  </Link>
                  {c.email && displayName(c) !== c.email && (
                    <div className="muted small">{c.email}</div>
                  )}
                </td>
                <td className="nowrap">{c.phone ?? <span className="muted">—</span>}</td>
                <td className="mono small">{c.externalId ?? <span className="muted">—</span>}</td>
                <td className="num">{c.receiptsCount.toLocaleString()}</td>
                <td className="num">{formatAmount(c.totalSpent)}</td>
                <td>
                  {c.rfmSegment ? (
                    <span className={styles.segment}>{segmentName(c.rfmSegment)}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="muted nowrap">{formatDateTime(c.createdAt)}</td>
              </tr>
            ))}
            {!loading && !error && customers.length === 0 && (
              <EmptyRow columns={7}>{q ? `Nobody matches “${q}”.` : 'No customers yet.'}</EmptyRow>
            )}
            {loading && customers.length === 0 && (
              <EmptyRow columns={7}>Loading customers…</EmptyRow>
            )}
          </tbody>
        </table>
      </div>
      {total > PAGE && (
        <div className={styles.pager}>
          <span className="muted small">
            {offset + 1}–{Math.min(offset + PAGE, total)} of {total.toLocaleString()}
          </span>
          <button
            type="button"
            className={styles.pagerButton}
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Previous
          </button>
          <button
            type="button"
            className={styles.pagerButton}
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </button>
        </div>
      )}
    </>
  );
}
