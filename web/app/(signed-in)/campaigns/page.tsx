'use client';
// The campaign list: what exists, whether it is live, and how many journeys are under way.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Gallery } from '../../../components/Gallery.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { api, type CampaignDraftAnswer, type CampaignList } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';
import { useCan } from '../../../lib/use-me.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { sayError } from '../../../lib/error-words.ts';

export default function CampaignsPage() {
  const { data, error, loading, reload } = useApi<CampaignList>('/v1/campaigns');
  const all = data?.campaigns ?? [];
  // Search and the status filter narrow the list in the browser; archived ones only on request.
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<string>('current');
  const campaigns = all.filter(
    (c) =>
      (status === 'current' ? c.status !== 'archived' : status === 'all' || c.status === status) &&
      `${c.name} ${c.description ?? ''}`.toLowerCase().includes(query.trim().toLowerCase()),
  );
  const router = useRouter();
  const [name, setName] = useState('');
  const [createError, setCreateError] = useState<string | undefined>();
  const can = useCan();
  // The gallery is open on an empty list; with campaigns there, a button opens it.
  const [gallery, setGallery] = useState<boolean | undefined>();
  const showGallery = gallery ?? (!loading && !error && all.length === 0);

  // A new campaign starts as an empty canvas; the editor opens on it.
  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      const res = await api<CampaignDraftAnswer>('/v1/campaigns', {
        method: 'POST',
        body: { name: name.trim() },
      });
      router.push(`/campaigns/${res.campaign.id}`);
    } catch (err) {
      setCreateError(sayError(err));
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>Campaigns</h1>
        {can('campaigns:write') && (
          <form className="inline-form" onSubmit={(e) => void create(e)}>
            <input
              data-testid="new-campaign-name"
              placeholder="New campaign name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button
              type="submit"
              className="button primary"
              data-testid="new-campaign"
              disabled={!name.trim()}
            >
              New campaign
            </button>
            <button
              type="button"
              className="button ghost"
              data-testid="open-gallery"
              aria-expanded={showGallery}
              onClick={() => setGallery(!showGallery)}
            >
              {showGallery ? 'Hide ready campaigns' : 'Start from a ready campaign'}
            </button>
          </form>
        )}
      </div>
      {showGallery && can('campaigns:write') && <Gallery />}
      {createError && <ErrorNotice error={createError} />}
      <div className="list-filters">
        <input
          type="search"
          data-testid="campaign-search"
          placeholder="Search campaigns"
          aria-label="Search campaigns"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select
          data-testid="campaign-status-filter"
          aria-label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
        >
          <option value="current">All but archived</option>
          <option value="all">All</option>
          {['draft', 'active', 'paused', 'stopped', 'archived'].map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        <span className="muted small">
          {campaigns.length} of {all.length}
        </span>
      </div>
      {error && <ErrorNotice error={error} onRetry={reload} />}
      <div className="card">
        <table className="table" data-testid="campaigns-table">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Status</th>
              <th>Live version</th>
              <th className="num">Journeys running</th>
              <th>Last changed</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
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
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>
                  {c.currentVersion === null ? (
                    <span className="muted">Not published</span>
                  ) : (
                    `Version ${c.currentVersion}`
                  )}
                </td>
                <td className="num">{c.runningJourneys.toLocaleString()}</td>
                <td className="muted">{formatDateTime(c.updatedAt)}</td>
              </tr>
            ))}
            {!loading && !error && campaigns.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  {all.length > 0 ? 'No campaign matches.' : 'No campaigns yet.'}
                </td>
              </tr>
            )}
            {loading && (
              <tr>
                <td colSpan={5} className="empty">
                  Loading campaigns…
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
