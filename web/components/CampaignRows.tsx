'use client';
// The campaign list's table: one row per campaign with its folder, numbers and actions
// (duplicate, move to a folder, archive), a page at a time so that hundreds stay quick to read.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api, type CampaignDraftAnswer, type CampaignSummary } from '../lib/api.ts';
import { sayError } from '../lib/error-words.ts';
import { formatDateTime } from '../lib/format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export const PAGE_SIZE = 50;
const COLUMNS = 9;

function RowActions({
  c,
  folders,
  onChanged,
  onError,
  toast,
}: {
  c: CampaignSummary;
  folders: string[];
  onChanged: () => void;
  toast: (message: string) => void;
  onError: (message: string | undefined, retry?: () => void) => void;
}) {
  const router = useRouter();
  const [filing, setFiling] = useState(false);
  const [folder, setFolder] = useState(c.folder ?? '');
  const run = async (what: () => Promise<void>) => {
    onError(undefined);
    try {
      await what();
    } catch (err) {
      onError(sayError(err), () => void run(what));
    }
  };
  const base = `/v1/campaigns/${encodeURIComponent(c.id)}`;
  const duplicate = () =>
    run(async () => {
      const res = await api<CampaignDraftAnswer>(`${base}/duplicate`, { method: 'POST' });
      toast(`Duplicated as “${res.campaign.name}”`);
      router.push(`/campaigns/${res.campaign.id}`);
    });
  const file = () =>
    run(async () => {
      const name = folder.trim();
      await api(base, { method: 'PATCH', body: { folder: name === '' ? null : name } });
      toast(name ? `Moved to ${name}` : 'Taken out of its folder');
      setFiling(false);
      onChanged();
    });
  const archive = () =>
    run(async () => {
      await api(`${base}/archive`, { method: 'POST' });
      toast(`${c.name} archived`);
      onChanged();
    });
  if (filing)
    return (
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void file();
        }}
      >
        <input
          list="campaign-folders"
          placeholder="Folder"
          aria-label="Folder"
          value={folder}
          data-testid="folder-input"
          onChange={(e) => setFolder(e.target.value)}
        />
        <button type="submit" className="button small" data-testid="folder-save">
          Move
        </button>
        <button type="button" className="button ghost small" onClick={() => setFiling(false)}>
          Cancel
        </button>
        <datalist id="campaign-folders">
          {folders.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </form>
    );
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button ghost small"
        data-testid="duplicate"
        onClick={() => void duplicate()}
      >
        Duplicate
      </button>
      <button
        type="button"
        className="button ghost small"
        data-testid="move-to-folder"
        onClick={() => setFiling(true)}
      >
        Folder…
      </button>
      {c.status !== 'archived' && c.status !== 'active' && c.status !== 'paused' && (
        <button
          type="button"
          className="button danger small"
          data-testid="archive"
          onClick={() => void archive()}
        >
          Archive
        </button>
      )}
    </div>
  );
}

export function CampaignRows({
  campaigns,
  folders,
  canWrite,
  empty,
  onChanged,
}: {
  campaigns: CampaignSummary[];
  folders: string[];
  canWrite: boolean;
  /** What the table says when no row is shown (loading, nothing matches, nothing yet). */
  empty?: string;
  onChanged: () => void;
}) {
  const [page, setPage] = useState(0);
  const [error, setError] = useState<{ message: string; retry?: () => void } | undefined>();
  const [said, setSaid] = useState<string | undefined>();
  const toast = (message: string) => {
    setSaid(message);
    window.setTimeout(() => setSaid((m) => (m === message ? undefined : m)), 4_000);
  };
  const pages = Math.max(1, Math.ceil(campaigns.length / PAGE_SIZE));
  const shown = Math.min(page, pages - 1);
  const rows = campaigns.slice(shown * PAGE_SIZE, (shown + 1) * PAGE_SIZE);
  return (
    <>
      {said && (
        <div className="toast" role="status" data-testid="toast">
          {said}
        </div>
      )}
      <ErrorNotice error={error?.message} onRetry={error?.retry} />
      <div className="card table-scroll">
        <table className="table" data-testid="campaigns-table">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Folder</th>
              <th>Status</th>
              <th className="num">Running</th>
              <th className="num">Entries</th>
              <th className="num">Sends</th>
              <th className="num" title="Receipts within 7 days after one of its messages">
                Conversions
              </th>
              <th>Last changed</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-testid={`campaign-row-${c.id}`}>
                <td>
                  <Link
                    href={`/campaigns/${c.id}`}
                    className="row-link"
                    data-testid="campaign-link"
                  >
                    {c.name}
                  </Link>
                  {c.description && <div className="muted small">{c.description}</div>}
                  <div className="muted small">
                    {c.currentVersion === null ? 'Not published' : `Version ${c.currentVersion}`}
                    {c.currentVersion !== null && (
                      <>
                        {' · '}
                        <Link
                          href={`/reports/campaigns/${c.id}`}
                          data-testid="campaign-report-link"
                        >
                          Report
                        </Link>
                      </>
                    )}
                  </div>
                </td>
                <td className="muted" data-testid="campaign-folder">
                  {c.folder ?? '—'}
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td className="num">{c.runningJourneys.toLocaleString()}</td>
                <td className="num" data-testid="campaign-entries">
                  {c.entries.toLocaleString()}
                </td>
                <td className="num" data-testid="campaign-sends">
                  {c.sends.toLocaleString()}
                </td>
                <td className="num" data-testid="campaign-conversions">
                  {c.conversions.toLocaleString()}
                </td>
                <td className="muted small">{formatDateTime(c.updatedAt)}</td>
                <td>
                  {canWrite && (
                    <RowActions
                      c={c}
                      folders={folders}
                      onChanged={onChanged}
                      toast={toast}
                      onError={(message, retry) =>
                        setError(message ? { message, retry } : undefined)
                      }
                    />
                  )}
                </td>
              </tr>
            ))}
            {empty && (
              <tr>
                <td colSpan={COLUMNS} className="empty">
                  {empty}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <div className="pager" data-testid="campaign-pager">
          <button
            type="button"
            className="button ghost small"
            disabled={shown === 0}
            onClick={() => setPage(shown - 1)}
          >
            ← Previous
          </button>
          <span className="muted small">
            Page {shown + 1} of {pages}
          </span>
          <button
            type="button"
            className="button ghost small"
            disabled={shown >= pages - 1}
            data-testid="campaign-next-page"
            onClick={() => setPage(shown + 1)}
          >
            Next →
          </button>
        </div>
      )}
    </>
  );
}
