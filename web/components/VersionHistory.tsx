'use client';
// Version history: every published version with its note, and for two versions the steps
// added, removed and changed, marked on one canvas.
import { useCallback, useMemo, useState } from 'react';
import type { CampaignDetail, VersionAnswer } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { diffGraphs, mergedForDiff } from '../lib/graph-diff.ts';
import { useApi } from '../lib/use-api.ts';
import { CampaignCanvas } from './CampaignCanvas.tsx';

function Comparison({ campaignId, from, to }: { campaignId: string; from: number; to: number }) {
  const base = `/v1/campaigns/${encodeURIComponent(campaignId)}/versions`;
  const a = useApi<VersionAnswer>(`${base}/${from}`);
  const b = useApi<VersionAnswer>(`${base}/${to}`);
  const before = a.data?.version.graph;
  const after = b.data?.version.graph;
  const diff = useMemo(() => before && after && diffGraphs(before, after), [before, after]);
  const merged = useMemo(() => before && after && mergedForDiff(before, after), [before, after]);
  const decorate = useCallback(
    (id: string) => {
      if (!diff) return {};
      if (diff.added.includes(id)) return { diff: 'added' as const };
      if (diff.removed.includes(id)) return { diff: 'removed' as const };
      if (diff.changed.includes(id)) return { diff: 'changed' as const };
      return {};
    },
    [diff],
  );
  if (!diff || !merged) return <p className="muted">{a.error ?? b.error ?? 'Loading versions…'}</p>;
  return (
    <>
      <p data-testid="diff-summary">
        <span className="diff-added">{diff.added.length} added</span> ·{' '}
        <span className="diff-removed">{diff.removed.length} removed</span> ·{' '}
        <span className="diff-changed">{diff.changed.length} changed</span>
        {diff.settingsChanged && ' · campaign settings changed'}
        {[...diff.added, ...diff.removed, ...diff.changed].length > 0 && (
          <span className="muted small">
            {' '}
            ({[...diff.added, ...diff.removed, ...diff.changed].join(', ')})
          </span>
        )}
      </p>
      <CampaignCanvas key={`${from}-${to}`} graph={merged} decorate={decorate} />
    </>
  );
}

function VersionSelect({
  versions,
  value,
  onChange,
  testId,
}: {
  versions: CampaignDetail['versions'];
  value: number;
  onChange: (version: number) => void;
  testId: string;
}) {
  return (
    <select value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId}>
      {versions.map((v) => (
        <option key={v.version} value={v.version}>
          version {v.version}
        </option>
      ))}
    </select>
  );
}

export function VersionHistory({ campaign }: { campaign: CampaignDetail }) {
  const versions = campaign.versions;
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version);
  const [to, setTo] = useState(versions[0]?.version);
  if (versions.length === 0) return <p className="muted">Nothing published yet.</p>;
  return (
    <>
      <table className="table" data-testid="versions-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Published</th>
            <th>Note</th>
            <th className="num">Journeys running</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>
                {v.version}
                {v.version === campaign.currentVersion && <span className="muted"> (live)</span>}
              </td>
              <td>{formatDateTime(v.publishedAt)}</td>
              <td>{v.note ?? <span className="muted">—</span>}</td>
              <td className="num">{v.runningJourneys}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 && from !== undefined && to !== undefined && (
        <div className="section">
          <div className="section-header">
            <h2>Compare</h2>
            <span className="inline-form">
              <VersionSelect
                versions={versions}
                value={from}
                onChange={setFrom}
                testId="diff-from"
              />
              →
              <VersionSelect versions={versions} value={to} onChange={setTo} testId="diff-to" />
            </span>
          </div>
          <Comparison campaignId={campaign.id} from={from} to={to} />
        </div>
      )}
    </>
  );
}
