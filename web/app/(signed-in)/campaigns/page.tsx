'use client';
// The campaign list: what exists, in which folder, whether it is live, and its numbers; searched
// and filtered in the browser (hundreds of campaigns are one answer), shown a page at a time.
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Gallery } from '../../../components/Gallery.tsx';
import { CampaignRows } from '../../../components/CampaignRows.tsx';
import { api, type CampaignDraftAnswer, type CampaignList } from '../../../lib/api.ts';
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
  const [folder, setFolder] = useState<string>('');
  const folders = [...new Set(all.flatMap((c) => (c.folder ? [c.folder] : [])))].sort();
  const campaigns = all.filter(
    (c) =>
      (status === 'current' ? c.status !== 'archived' : status === 'all' || c.status === status) &&
      (folder === '' || (folder === '-' ? c.folder === null : c.folder === folder)) &&
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
        <select
          data-testid="campaign-folder-filter"
          aria-label="Folder"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
        >
          <option value="">Every folder</option>
          <option value="-">In no folder</option>
          {folders.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <span className="muted small">
          {campaigns.length} of {all.length}
        </span>
      </div>
      {error && <ErrorNotice error={error} onRetry={reload} />}
      <CampaignRows
        key={`${folder}:${status}:${query}`}
        campaigns={campaigns}
        folders={folders}
        canWrite={can('campaigns:write')}
        onChanged={reload}
        empty={
          loading
            ? 'Loading campaigns…'
            : !error && campaigns.length === 0
              ? all.length > 0
                ? 'No campaign matches.'
                : 'No campaigns yet.'
              : undefined
        }
      />
    </>
  );
}
