'use client';
// The live view of a published campaign: counters on every step, refreshed while you watch,
// and the customers standing at a step when you click it, linked to their journey in the
// Temporal UI and to their profile.
import Link from 'next/link';
import { useCallback, useState } from 'react';
import type { CampaignGraph } from '../../core/graph.ts';
import type { CampaignStats, Entries } from '../lib/api.ts';
import { trailMark } from '../lib/decorate-steps.ts';
import { formatDateTime } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';
import { CampaignCanvas } from './CampaignCanvas.tsx';
import { type JourneyTrail, TestRun } from './TestRun.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

const REFRESH_MS = 2_000;

function NodeJourneys({ campaignId, nodeId }: { campaignId: string; nodeId: string }) {
  const { data, error } = useApi<Entries>(
    `/v1/campaigns/${encodeURIComponent(campaignId)}/entries?node=${encodeURIComponent(nodeId)}`,
    REFRESH_MS,
  );
  const entries = data?.entries ?? [];
  return (
    <aside className="side-panel" data-testid="node-journeys">
      <div className="side-panel-header">
        <strong>Customers at {nodeId} now</strong>
      </div>
      {error && <ErrorNotice error={error} />}
      {data && entries.length === 0 && <p className="muted">No one is here right now.</p>}
      <ul className="journey-list">
        {entries.map((e) => (
          <li key={e.workflowId} data-workflow-id={e.workflowId}>
            <Link href={`/customers/${e.customerId}`} data-testid="node-customer-link">
              {e.customerName ?? e.customerEmail ?? e.customerExternalId ?? e.customerId}
            </Link>
            <div className="muted small">entered {formatDateTime(e.enteredAt)}</div>
            <a href={e.temporalUrl} target="_blank" rel="noreferrer" className="small">
              Journey in Temporal
            </a>
          </li>
        ))}
      </ul>
    </aside>
  );
}

export function LiveView({ campaignId, graph }: { campaignId: string; graph: CampaignGraph }) {
  const stats = useApi<CampaignStats>(
    `/v1/campaigns/${encodeURIComponent(campaignId)}/stats`,
    REFRESH_MS,
  );
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [trail, setTrail] = useState<JourneyTrail | undefined>(undefined);
  const byNode = stats.data?.nodes;
  const decorate = useCallback(
    (id: string) => ({
      stats: byNode?.find((n) => n.nodeId === id),
      trail: trailMark(trail, id),
    }),
    [byNode, trail],
  );
  const j = stats.data?.journeys ?? {};
  return (
    <>
      <div className="live-summary muted small" data-testid="live-summary">
        running <b>{(j.running ?? 0) + (j.starting ?? 0)}</b> · completed <b>{j.completed ?? 0}</b>{' '}
        · converted <b data-testid="converted">{j.converted ?? 0}</b> · exited{' '}
        <b>{j.exited ?? 0}</b> · updated every {REFRESH_MS / 1000} s
      </div>
      <TestRun campaignId={campaignId} onTrail={setTrail} />
      {stats.error && <ErrorNotice error={stats.error} onRetry={stats.reload} />}
      <div className="live-view">
        <CampaignCanvas
          graph={graph}
          decorate={decorate}
          onNodeClick={setPicked}
          onClose={() => setPicked(undefined)}
          foldsOf={campaignId}
        />
        {picked && <NodeJourneys campaignId={campaignId} nodeId={picked} />}
      </div>
    </>
  );
}
