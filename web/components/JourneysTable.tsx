'use client';
// The customers going through a campaign right now (or, toggled, those who finished),
// refreshed every 5 s. Each journey links to its workflow in the Temporal UI for ops.
import { useState } from 'react';
import type { CampaignGraph } from '../../core/graph.ts';
import type { Entries } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

const REFRESH_MS = 5_000;

/** The step's label when the drawn graph knows it (journeys on older versions show the id). */
function StepName({ graph, nodeId }: { graph: CampaignGraph | undefined; nodeId: string | null }) {
  if (!nodeId) return <span className="muted">—</span>;
  const label = graph?.nodes.find((n) => n.id === nodeId)?.label?.trim();
  if (!label || label === nodeId) return <span className="mono small">{nodeId}</span>;
  return (
    <>
      <div>{label}</div>
      <div className="muted mono small">{nodeId}</div>
    </>
  );
}

export function JourneysTable({
  campaignId,
  graph,
}: {
  campaignId: string;
  graph: CampaignGraph | undefined;
}) {
  const [finished, setFinished] = useState(false);
  const status = finished ? 'completed' : 'open';
  const { data, error, loading, reload } = useApi<Entries>(
    `/v1/campaigns/${encodeURIComponent(campaignId)}/entries?status=${status}`,
    REFRESH_MS,
  );
  const entries = data?.entries ?? [];
  const columns = finished ? 7 : 6;

  return (
    <section className="section">
      <div className="section-header">
        <h2>{finished ? 'Finished journeys' : 'Journeys in progress'}</h2>
        <label className="toggle">
          <input
            type="checkbox"
            checked={finished}
            onChange={(e) => setFinished(e.target.checked)}
            data-testid="show-finished"
          />
          Show finished journeys
        </label>
      </div>
      {error && <ErrorNotice error={error} onRetry={reload} />}
      <div className="card">
        <table className="table" data-testid="journeys-table">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Status</th>
              <th>Version</th>
              <th>{finished ? 'Last step' : 'Current step'}</th>
              <th>Entered</th>
              {finished && <th>Finished</th>}
              <th>Journey in Temporal</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((j) => (
              <tr key={j.id} data-testid={`journey-row-${j.id}`} data-workflow-id={j.workflowId}>
                <td>
                  <div>
                    {j.customerName ?? j.customerEmail ?? j.customerExternalId ?? j.customerId}
                  </div>
                  {j.customerName && j.customerEmail && (
                    <div className="muted small">{j.customerEmail}</div>
                  )}
                </td>
                <td>
                  <StatusBadge status={j.status} />
                </td>
                <td>v{j.version}</td>
                <td data-testid="journey-current-node" data-node-id={j.currentNode ?? ''}>
                  <StepName graph={graph} nodeId={j.currentNode} />
                </td>
                <td className="muted nowrap">{formatDateTime(j.enteredAt)}</td>
                {finished && <td className="muted nowrap">{formatDateTime(j.finishedAt)}</td>}
                <td>
                  {/* Workflow ids are long (journey:<campaign>:<customer>:<n>); CSS truncates, the tooltip has it all. */}
                  <a
                    href={j.temporalUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="workflow-link mono small"
                    title={`Open ${j.workflowId} in the Temporal UI`}
                    data-testid="journey-temporal-link"
                  >
                    <span className="truncate">{j.workflowId}</span>
                    <span aria-hidden> ↗</span>
                  </a>
                </td>
              </tr>
            ))}
            {!loading && !error && entries.length === 0 && (
              <tr>
                <td colSpan={columns} className="empty">
                  {finished
                    ? 'No journey has finished yet.'
                    : 'Nobody is in this campaign right now.'}
                </td>
              </tr>
            )}
            {loading && entries.length === 0 && (
              <tr>
                <td colSpan={columns} className="empty">
                  Loading journeys…
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
