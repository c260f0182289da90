'use client';
// The campaign list: what exists, whether it is live, and how many journeys are under way.
import Link from 'next/link';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import type { CampaignSummary } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApi } from '../../../lib/use-api.ts';

export default function CampaignsPage() {
  const { data, error, loading } = useApi<{ campaigns: CampaignSummary[] }>('/v1/campaigns');
  const campaigns = data?.campaigns ?? [];

  return (
    <>
      <div className="page-header">
        <h1>Campaigns</h1>
      </div>
      {error && <p className="notice error">{error}</p>}
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
                  No campaigns yet.
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
