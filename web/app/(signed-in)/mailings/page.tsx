'use client';
// Mass mailings: each with its channel, status, when it sends and, once started, its progress.
// The list refreshes every five seconds.
import Link from 'next/link';
import type { MailingAnswer, MailingList } from '../../../../core/contract/mailings.ts';
import { ProgressBar } from '../../../components/mailings/MailingProgress.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { isLive } from '../../../lib/mailing-form.ts';
import { useApi } from '../../../lib/use-api.ts';
import { NotAllowed, useCan } from '../../../lib/use-me.tsx';
import './mailings.css';
import { EmptyRow } from '../../../components/EmptyRow.tsx';

type Row = MailingList['mailings'][number];

/** The list has no counts (they cost a query each): a started mailing's row reads its own. */
function RowProgress({ m }: { m: Row }) {
  const started = m.status !== 'draft' && m.status !== 'scheduled';
  const one = useApi<MailingAnswer>(
    started ? `/v1/mailings/${m.id}` : null,
    isLive(m.status) ? 3000 : undefined,
  );
  if (!started) return <span className="muted">—</span>;
  if (!one.data) return <span className="muted">…</span>;
  return <ProgressBar counts={one.data.mailing.counts} compact />;
}

function when(m: Row): string {
  const d = m.delivery;
  if (d.mode === 'now') return m.startedAt ? formatDateTime(m.startedAt) : 'when sent';
  if (d.mode === 'at') return formatDateTime(d.at);
  return `${d.localTime.replace('T', ' ')} in each recipient's zone`;
}

export default function MailingsPage() {
  const can = useCan();
  // Polled, so a mailing that starts or finishes changes its row without a reload.
  const { data, error, loading, reload } = useApi<MailingList>('/v1/mailings', 5000);
  if (error && !data && !can('mailings:read')) return <NotAllowed what="see mailings" />;
  const mailings = data?.mailings ?? [];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Mailings</h1>
          <p className="muted">
            One-time sends to segments and audiences, now or at a date, in each recipient&apos;s
            local time.
          </p>
        </div>
        {can('mailings:write') && (
          <Link href="/mailings/new" className="button primary" data-testid="new-mailing">
            New mailing
          </Link>
        )}
      </div>
      <ErrorNotice error={error} onRetry={reload} />
      <div className="card">
        <table className="table" data-testid="mailings-table">
          <thead>
            <tr>
              <th>Mailing</th>
              <th>Channel</th>
              <th>Status</th>
              <th>Sends</th>
              <th style={{ width: 220 }}>Progress</th>
            </tr>
          </thead>
          <tbody>
            {mailings.map((m) => (
              <tr key={m.id} data-testid={`mailing-row-${m.id}`}>
                <td>
                  <Link href={`/mailings/${m.id}`} className="row-link" data-testid="mailing-link">
                    {m.name}
                  </Link>
                  {m.status === 'draft' && m.problems.length > 0 && (
                    <div className="small muted">
                      {m.problems.length} problem{m.problems.length > 1 ? 's' : ''} to fix
                    </div>
                  )}
                </td>
                <td>{m.channel}</td>
                <td>
                  <span className={`badge badge-${m.status}`} data-testid="mailing-row-status">
                    {m.status}
                  </span>
                </td>
                <td className="nowrap">{when(m)}</td>
                <td>
                  <RowProgress m={m} />
                </td>
              </tr>
            ))}
            {!loading && mailings.length === 0 && <EmptyRow columns={5}>No mailings yet.</EmptyRow>}
          </tbody>
        </table>
      </div>
    </>
  );
}
