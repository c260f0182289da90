'use client';
// One campaign: the journey map customers follow (the live version, else the draft) and the
// journeys running through it.
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect } from 'react';
import { CampaignCanvas } from '../../../../components/CampaignCanvas.tsx';
import { JourneysTable } from '../../../../components/JourneysTable.tsx';
import { StatusBadge } from '../../../../components/StatusBadge.tsx';
import type { CampaignDetail, CampaignVersion } from '../../../../lib/api.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { useApi } from '../../../../lib/use-api.ts';

export default function CampaignPage() {
  const { id } = useParams<{ id: string }>();
  const base = `/v1/campaigns/${encodeURIComponent(id)}`;
  const campaign = useApi<{ campaign: CampaignDetail }>(base);
  const c = campaign.data?.campaign;
  // The live version is what customers go through, so it is what we draw when there is one.
  const live = useApi<{ version: CampaignVersion }>(
    c && c.currentVersion !== null ? `${base}/versions/${c.currentVersion}` : null,
  );
  const graph = c ? (c.currentVersion === null ? c.draft : live.data?.version.graph) : undefined;

  useEffect(() => {
    if (c) document.title = `${c.name} · Herald`;
  }, [c]);

  if (!c) {
    return (
      <>
        <Link href="/campaigns" className="back">
          ← All campaigns
        </Link>
        {campaign.error ? (
          <p className="notice error">{campaign.error}</p>
        ) : (
          <p className="muted">Loading campaign…</p>
        )}
      </>
    );
  }

  // The version answer is authoritative; the campaign's version list is the fallback meanwhile.
  const liveVersion = live.data?.version ?? c.versions.find((v) => v.version === c.currentVersion);
  return (
    <>
      <Link href="/campaigns" className="back">
        ← All campaigns
      </Link>
      <div className="page-header">
        <div>
          <h1 data-testid="campaign-name">
            {c.name} <StatusBadge status={c.status} />
          </h1>
          {c.description && <p className="muted">{c.description}</p>}
        </div>
      </div>

      <section className="section">
        <div className="section-header">
          <h2>Journey map</h2>
          <span className="muted small" data-testid="canvas-caption">
            {liveVersion
              ? `Live version ${liveVersion.version}, published ${formatDateTime(liveVersion.publishedAt)}${liveVersion.note ? ` — ${liveVersion.note}` : ''}`
              : c.currentVersion !== null
                ? `Live version ${c.currentVersion}`
                : 'Draft — not published yet'}
          </span>
        </div>
        {c.problems.length > 0 && (
          <div className="notice warning" data-testid="draft-problems">
            <strong>
              The draft has{' '}
              {c.problems.length === 1 ? 'a problem' : `${c.problems.length} problems`} to fix
              before publishing:
            </strong>
            <ul>
              {c.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </div>
        )}
        {live.error && <p className="notice error">{live.error}</p>}
        {graph ? (
          <CampaignCanvas key={`${c.id}:${c.currentVersion ?? 'draft'}`} graph={graph} />
        ) : (
          <div className="canvas canvas-loading muted">Loading the journey map…</div>
        )}
      </section>

      <JourneysTable campaignId={c.id} graph={graph} />
    </>
  );
}
